using Parquet;
using Parquet.Schema;

namespace Winnow.Data.Columnar;

/// <summary>
/// Reads a Parquet file one row group at a time (memory follows the largest row group, not the file), each row
/// rendered as a JSON object with the schema's top-level columns in order, a null column as <c>null</c>. Lists of
/// structs (<c>conversations</c>, <c>messages</c>) become arrays of objects; empty lists, null lists and nulls
/// inside lists and structs stay as written (<see cref="ParquetRowAssembler"/>). Every codec Parquet.Net reads works
/// (uncompressed, Snappy, Gzip, Zstd, LZ4 raw, Brotli). A file that is not Parquet, has a truncated or corrupt
/// footer, or a row group that cannot be decoded is a <see cref="DatasetFormatException"/> naming the file, the
/// row group and the column.
/// </summary>
internal sealed class ParquetRecordSource : IRecordSource
{
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly DatasetReadOptions _options;

    private readonly ParquetRowAssembler _assembler;

    private ParquetRecordSource(string file, FileStream stream, ParquetReader reader, DatasetReadOptions options)
    {
        File = file;
        _stream = stream;
        _reader = reader;
        _options = options;
        _assembler = new ParquetRowAssembler(reader.Schema, file);
    }

    public string File { get; }

    public DatasetLayout? Layout => DatasetLayout.Parquet;

    public bool Gzip => false;

    public object? Schema => _reader.Schema;

    public static ParquetRecordSource Open(string path, DatasetReadOptions options)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var length = stream.Length;
            stream.Dispose();
            throw new DatasetFormatException(path, 0, null,
                $"not a readable Parquet file ({length:N0} bytes): {e.Message}; expected the 'PAR1' magic at both ends and a valid footer (is the file truncated?)", e);
        }
        try
        {
            return new ParquetRecordSource(path, stream, reader, options);
        }
        catch
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Dispose();
            throw;
        }
    }

    public IEnumerable<RawRecord> Records()
    {
        var json = new NativeJson();
        var fields = _reader.Schema.Fields;
        long index = 0;
        for (var group = 0; group < _reader.RowGroupCount; group++)
        {
            var rows = ReadGroup(group, index);
            foreach (var row in rows)
            {
                var writer = json.Begin();
                writer.WriteStartObject();
                foreach (var field in fields)
                {
                    writer.WritePropertyName(field.Name);
                    NativeJson.WriteValue(writer, row.GetValueOrDefault(field.Name));
                }
                writer.WriteEndObject();
                var text = json.End();
                var where = $"row group {group}, row {index}";
                yield return text.Length > _options.MaxRowBytes
                    ? new RawRecord(index, index + 1, default, default, text.Length, text[..Math.Min(text.Length, _options.MaxErrorRawBytes)].ToArray(), where)
                    : new RawRecord(index, index + 1, text, default, text.Length, null, where, row);
                index++;
            }
        }
    }

    public KeptRecord Keep(in RawRecord raw) => new(raw.Text.ToArray(), 0, raw.Native);

    public void Dispose()
    {
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }

    private List<Dictionary<string, object?>> ReadGroup(int group, long firstRow)
    {
        try
        {
            using var reader = _reader.OpenRowGroupReader(group);
            return _assembler.Read(reader);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DatasetFormatException(File, firstRow + 1, firstRow, $"row group {group}{FailingColumn(group)} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Reads the group's columns one by one to name the one that fails to decode.</summary>
    private string FailingColumn(int group)
    {
        using var reader = _reader.OpenRowGroupReader(group);
        foreach (var field in _reader.Schema.GetDataFields())
        {
            try
            {
                reader.ReadRawColumnDataBaseAsync(field).AsTask().GetAwaiter().GetResult().Dispose();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return $", column '{field.Path}'";
            }
        }
        return "";
    }

    /// <summary>The first difference between two files' schemas, or null when they are equal.</summary>
    public static string? Difference(ParquetSchema a, ParquetSchema b, string fileA, string fileB) =>
        a.Equals(b) ? null : a.GetNotEqualsMessage(b, fileA, fileB);
}
