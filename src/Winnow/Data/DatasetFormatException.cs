namespace Winnow.Data;

/// <summary>
/// A problem with the file as a whole, after which no further row can be read reliably: not JSON at all, an
/// array that is not closed, content after the array, an unknown row schema, a corrupt gzip stream.
/// Rows read before it were yielded normally. <see cref="Index"/> is the row index the problem is attached to,
/// when there is one.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string file, long line, long? index, string problem, Exception? inner = null)
        : base(Describe(file, line, index, problem), inner)
    {
        File = file;
        Line = line;
        Index = index;
        Problem = problem;
    }

    public string File { get; }

    /// <summary>1-based line of the problem (0 when the file could not be read at all).</summary>
    public long Line { get; }

    public long? Index { get; }

    public string Problem { get; }

    private static string Describe(string file, long line, long? index, string problem)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return index is null ? $"{where}: {problem}" : $"{where}: row {index}: {problem}";
    }
}
