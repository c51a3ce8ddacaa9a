namespace Winnow.Data;

/// <summary>
/// Opens a dataset file, decides its layout from the first non-whitespace byte (<c>[</c> → JSON array,
/// <c>{</c> → JSON lines; a UTF-8 byte order mark is skipped) and hands out its rows' raw bytes one by one.
/// A file with nothing but whitespace has no layout and no rows. The rows' raw bytes are the JSON that
/// <see cref="RowParser"/> reads, so this source needs no conversion.
/// </summary>
internal sealed class JsonRecordSource : IRecordSource
{
    private readonly Stream _stream;
    private readonly RecordBuffer _buffer;
    private readonly DatasetReadOptions _options;
    private readonly int _firstByte;
    private readonly long _firstLine;

    private JsonRecordSource(string file, Stream stream, bool gzip, DatasetReadOptions options)
    {
        File = file;
        Gzip = gzip;
        _stream = stream;
        _options = options;
        _buffer = new RecordBuffer(stream, file, options.MaxRowBytes);
        (_firstByte, _firstLine) = SkipToFirstByte();
        Layout = _buffer.End == _firstByte
            ? null
            : _buffer.Data[_firstByte] switch
            {
                (byte)'[' => DatasetLayout.JsonArray,
                (byte)'{' => DatasetLayout.JsonLines,
                var b => throw new DatasetFormatException(file, _firstLine, null,
                    $"not a JSON dataset: expected '[' (a JSON array of rows) or '{{' (one JSON object per line) as the first character, found {JsonBytes.Describe(b)}"),
            };
    }

    public string File { get; }

    public bool Gzip { get; }

    /// <summary>Null for an empty file.</summary>
    public DatasetLayout? Layout { get; }

    /// <summary>JSON rows carry no schema beyond their own text.</summary>
    public object? Schema => null;

    public static JsonRecordSource Open(string path, DatasetReadOptions options) =>
        Open(InputFile.OpenRead(path, out var gzip), path, gzip, options);

    /// <summary>Reads an already opened (and decompressed) stream, which the source then owns.</summary>
    public static JsonRecordSource Open(Stream stream, string file, bool gzip, DatasetReadOptions options)
    {
        try
        {
            options.Validate();
            return new JsonRecordSource(file, stream, gzip, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The rows in file order; each one's bytes are valid only until the next is requested.</summary>
    public IEnumerable<RawRecord> Records() => Layout switch
    {
        DatasetLayout.JsonArray => JsonArraySplitter.Split(_buffer, File, _firstByte + 1, _firstLine, _options.MaxRowBytes, _options.MaxErrorRawBytes),
        DatasetLayout.JsonLines => JsonLinesSplitter.Split(_buffer, _firstByte, _firstLine, _options.MaxRowBytes, _options.MaxErrorRawBytes),
        _ => [],
    };

    /// <summary>A copy of the row's bytes with the indentation in front, which a JSON array sink writes back as it was.</summary>
    public KeptRecord Keep(in RawRecord raw)
    {
        var bytes = new byte[raw.Indent.Length + raw.Text.Length];
        raw.Indent.Span.CopyTo(bytes);
        raw.Text.Span.CopyTo(bytes.AsSpan(raw.Indent.Length));
        return new KeptRecord(bytes, raw.Indent.Length, null);
    }

    public void Dispose() => _stream.Dispose();

    private (int Position, long Line) SkipToFirstByte()
    {
        _buffer.Fill(0, 1);
        var pos = _buffer.End >= 3 && _buffer.Data.AsSpan(0, 3).SequenceEqual("\uFEFF"u8) ? 3 : 0;
        long line = 1;
        while (true)
        {
            while (pos < _buffer.End && JsonBytes.IsWhitespace(_buffer.Data[pos]))
            {
                if (_buffer.Data[pos] == (byte)'\n')
                    line++;
                pos++;
            }
            if (pos < _buffer.End || _buffer.Eof)
                return (pos, line);
            pos -= _buffer.Fill(pos, line);
        }
    }
}
