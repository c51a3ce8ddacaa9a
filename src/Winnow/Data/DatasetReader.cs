namespace Winnow.Data;

/// <summary>
/// Streams the rows of an Alpaca, ShareGPT, OpenAI-messages or prompt/completion dataset stored as a JSON array
/// or as JSON lines, optionally gzip-compressed. Memory is bounded by the largest row kept
/// (<see cref="DatasetReadOptions.MaxRowBytes"/>), not by the file. Each row yields a <see cref="RowOutcome"/>:
/// a <see cref="Sample"/> or a <see cref="RowError"/>, so the caller decides whether a bad row stops the run.
/// Problems with the file as a whole throw <see cref="DatasetFormatException"/> from the enumeration, after the
/// rows before them. Bare <c>NaN</c>/<c>Infinity</c>/<c>-Infinity</c> tokens are accepted
/// (<see cref="NamedLiteralRewriter"/>).
/// </summary>
public static class DatasetReader
{
    /// <summary>Reads the rows in file order. The file is opened when the enumeration starts and closed when it ends.</summary>
    public static IEnumerable<RowOutcome> Read(string path, DatasetReadOptions? options = null)
    {
        options ??= new DatasetReadOptions();
        using var source = RecordSources.Open(path, options);
        var parser = new RowParser(path, options);
        foreach (var raw in source.Records())
            yield return parser.Parse(raw);
    }

    /// <summary>
    /// Number of rows (good and bad) without parsing them: only splits the file, several times faster than
    /// <see cref="Read"/>, for progress bars with an ETA and for budgets given as a fraction of the dataset.
    /// </summary>
    /// <exception cref="DatasetFormatException">The file cannot be split into rows (see <see cref="Read"/>).</exception>
    public static long CountRows(string path, DatasetReadOptions? options = null)
    {
        using var source = RecordSources.Open(path, options ?? new DatasetReadOptions());
        return source.Records().LongCount();
    }

    /// <summary>
    /// Layout, format and compression of a file, reading only up to its first row that is a JSON object (the
    /// format option, when not <see cref="DatasetFormat.Auto"/>, is taken as given).
    /// </summary>
    /// <exception cref="DatasetFormatException">The file is empty, has no object row, or its format is unknown.</exception>
    public static DatasetShape Detect(string path, DatasetReadOptions? options = null)
    {
        options ??= new DatasetReadOptions();
        using var source = RecordSources.Open(path, options);
        if (source.Layout is not { } layout)
            throw new DatasetFormatException(path, 1, null, "the file is empty, expected a JSON array of rows or JSON lines");
        if (options.Format != DatasetFormat.Auto)
            return new DatasetShape(layout, options.Format, source.Gzip);
        var parser = new RowParser(path, options with { RejectDuplicateIds = false });
        foreach (var raw in source.Records())
        {
            parser.Parse(raw);
            if (parser.Format != DatasetFormat.Auto)
                return new DatasetShape(layout, parser.Format, source.Gzip);
        }
        throw new DatasetFormatException(path, 1, null, "no row is a JSON object, so the dataset format cannot be detected");
    }
}
