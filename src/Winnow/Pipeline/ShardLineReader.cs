using System.Globalization;

namespace Winnow.Pipeline;

/// <summary>Reads a score file line by line, exposing the row index of the current score line (the id's prefix).</summary>
internal sealed class ShardLineReader : IDisposable
{
    private readonly StreamReader _reader;
    private readonly string _path;
    private int _lineNumber;

    public ShardLineReader(string path)
    {
        _path = path;
        _reader = new StreamReader(path);
        MoveNext();
    }

    public string? Current { get; private set; }

    public long RowIndex { get; private set; }

    public static bool IsRunLine(string line) => line.StartsWith("{\"run\":", StringComparison.Ordinal);

    public void MoveNext()
    {
        Current = _reader.ReadLine();
        _lineNumber++;
        if (Current is null || IsRunLine(Current))
            return;
        const string prefix = "{\"id\":\"";
        var dash = Current.IndexOf('-', prefix.Length);
        if (!Current.StartsWith(prefix, StringComparison.Ordinal) || dash < 0
            || !long.TryParse(Current.AsSpan(prefix.Length, dash - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new InvalidDataException($"{_path}:{_lineNumber}: expected a score line starting with {{\"id\":\"<index>-<hash>\"");
        RowIndex = index;
    }

    public void Dispose() => _reader.Dispose();
}
