using System.Text.Encodings.Web;
using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// Writes rejected rows as JSON lines <c>{"index", "id", "line", "field", "reason", "row", "row_truncated"}</c>:
/// rows the reader could not read (from a <see cref="RowError"/>) and rows a filter or selector turned down.
/// <c>row</c> is the row's raw text as a string (or null), so even a malformed row can be inspected and fixed.
/// The file appears on <see cref="Commit"/> (temporary file + rename); disposing without committing leaves nothing.
/// </summary>
public sealed class RejectsWriter : IDisposable
{
    private readonly AtomicOutput _output;
    private readonly Utf8JsonWriter _json;

    public RejectsWriter(string path)
    {
        _output = AtomicOutput.Create(path);
        _json = new Utf8JsonWriter(_output.Stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Number of rejects written so far.</summary>
    public long Count { get; private set; }

    /// <summary>A row the reader could not read; its id is unknown.</summary>
    public void Add(RowError error) =>
        Add(error.Index, null, error.Line, error.Field, error.Message, error.RawText, error.RawTextTruncated);

    /// <summary>A row rejected for <paramref name="reason"/>; <paramref name="row"/> is its raw text when at hand.</summary>
    public void Add(long index, string? id, long? line, string? field, string reason, string? row, bool rowTruncated = false)
    {
        _json.WriteStartObject();
        _json.WriteNumber("index", index);
        WriteOptional("id", id);
        if (line is { } l)
            _json.WriteNumber("line", l);
        else
            _json.WriteNull("line");
        WriteOptional("field", field);
        _json.WriteString("reason", reason);
        WriteOptional("row", row);
        _json.WriteBoolean("row_truncated", rowTruncated);
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _output.Stream.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Flushes and moves the file into place.</summary>
    public void Commit()
    {
        _json.Dispose(); // flushes; disposing again later is a no-op
        _output.Commit();
    }

    public void Dispose()
    {
        _json.Dispose();
        _output.Dispose();
    }

    private void WriteOptional(string name, string? value)
    {
        if (value is null)
            _json.WriteNull(name);
        else
            _json.WriteString(name, value);
    }
}
