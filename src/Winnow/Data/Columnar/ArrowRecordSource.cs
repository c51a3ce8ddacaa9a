using Apache.Arrow;
using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;
using Apache.Arrow.Memory;

namespace Winnow.Data.Columnar;

/// <summary>
/// Reads an Arrow IPC stream (what <c>datasets.save_to_disk</c> writes as <c>data-*.arrow</c>) or an Arrow IPC
/// file (Feather v2) one record batch at a time, each row rendered as a JSON object with the schema's top-level
/// fields in order. String and large string, list and large list, struct, numeric, boolean and dictionary
/// columns are read (<see cref="ArrowJson"/>), with uncompressed, LZ4-frame or Zstandard bodies. A file that cannot be decoded is a
/// <see cref="DatasetFormatException"/> naming the file and the record batch.
/// </summary>
internal sealed class ArrowRecordSource : IRecordSource
{
    /// <summary>LZ4 frame and Zstandard, the two body codecs of the IPC format (pyarrow's Feather v2 default is LZ4).</summary>
    private static readonly CompressionCodecFactory Codecs = new();

    private readonly FileStream _stream;
    private readonly DatasetReadOptions _options;
    private readonly ArrowStreamReader? _streamReader;
    private readonly ArrowFileReader? _fileReader;

    private ArrowRecordSource(string file, FileStream stream, DatasetLayout layout, DatasetReadOptions options)
    {
        File = file;
        _stream = stream;
        _options = options;
        Layout = layout;
        if (layout == DatasetLayout.ArrowFile)
            _fileReader = new ArrowFileReader(stream, MemoryAllocator.Default.Value, Codecs, leaveOpen: true);
        else
            _streamReader = new ArrowStreamReader(stream, MemoryAllocator.Default.Value, Codecs, leaveOpen: true);
        ArrowSchema = _fileReader?.Schema ?? _streamReader!.Schema;
    }

    public string File { get; }

    public DatasetLayout? Layout { get; }

    public bool Gzip => false;

    public Schema ArrowSchema { get; }

    public object? Schema => ArrowSchema;

    public static ArrowRecordSource Open(string path, DatasetReadOptions options)
    {
        var layout = RecordSources.Sniff(path) ?? DatasetLayout.ArrowStream;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new ArrowRecordSource(path, stream, layout, options);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stream.Dispose();
            throw new DatasetFormatException(path, 0, null, $"not a readable Arrow IPC {(layout == DatasetLayout.ArrowFile ? "file" : "stream")}: {e.Message}", e);
        }
    }

    public IEnumerable<RawRecord> Records()
    {
        var json = new NativeJson();
        var fields = ArrowSchema.FieldsList;
        long index = 0;
        for (var number = 0; NextBatch(number, index) is { } batch; number++)
        {
            using (batch)
            {
                for (var row = 0; row < batch.Length; row++)
                {
                    var writer = json.Begin();
                    writer.WriteStartObject();
                    for (var column = 0; column < fields.Count; column++)
                    {
                        writer.WritePropertyName(fields[column].Name);
                        ArrowJson.WriteValue(writer, batch.Column(column), row);
                    }
                    writer.WriteEndObject();
                    var text = json.End();
                    var where = $"record batch {number}, row {index}";
                    yield return text.Length > _options.MaxRowBytes
                        ? new RawRecord(index, index + 1, default, default, text.Length, text[..Math.Min(text.Length, _options.MaxErrorRawBytes)].ToArray(), where)
                        : new RawRecord(index, index + 1, text, default, text.Length, null, where);
                    index++;
                }
            }
        }
    }

    public KeptRecord Keep(in RawRecord raw) => new(raw.Text.ToArray(), 0, null);

    public void Dispose()
    {
        _streamReader?.Dispose();
        _fileReader?.Dispose();
        _stream.Dispose();
    }

    private RecordBatch? NextBatch(int number, long firstRow)
    {
        try
        {
            if (_fileReader is null)
                return _streamReader!.ReadNextRecordBatch();
            return number < _fileReader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult()
                ? _fileReader.ReadRecordBatchAsync(number).AsTask().GetAwaiter().GetResult()
                : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DatasetFormatException(File, firstRow + 1, firstRow, $"record batch {number} cannot be read: {e.Message}", e);
        }
    }
}
