namespace Winnow.Data;

/// <summary>
/// Writes rows as JSON lines (one row per line) or as a JSON array (<c>[</c>, the rows joined by <c>,</c> and a
/// line break, each with the indentation it had, then <c>]</c>), every row's bytes as they were read. A row that
/// spans several lines (an element of an indented array) is written to JSON lines with the whitespace between its
/// tokens removed, since a line break would end the row there; its values stay byte for byte. Gzip when the path
/// ends in <c>.gz</c>.
/// </summary>
internal sealed class JsonRecordSink(string path, DatasetLayout layout) : IRecordSink
{
    private readonly AtomicOutput _output = AtomicOutput.Create(path);
    private long _rows;

    public void Write(KeptRecord row)
    {
        var stream = _output.Stream;
        if (layout == DatasetLayout.JsonLines)
        {
            var text = row.Text;
            if (text.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
                text = JsonMinifier.Minify(text);
            stream.Write(text);
            stream.WriteByte((byte)'\n');
        }
        else
        {
            stream.Write(_rows == 0 ? "[\n"u8 : ",\n"u8);
            stream.Write(row.Json);
        }
        _rows++;
    }

    public void Commit()
    {
        if (layout == DatasetLayout.JsonArray)
            _output.Stream.Write(_rows == 0 ? "[]\n"u8 : "\n]\n"u8);
        _output.Commit();
    }

    public void Dispose() => _output.Dispose();
}
