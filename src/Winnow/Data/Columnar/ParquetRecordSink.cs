using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace Winnow.Data.Columnar;

/// <summary>
/// Writes rows to Parquet in row groups of at most <see cref="RowGroupRows"/> rows or about
/// <see cref="RowGroupBytes"/> of row text, whichever comes first, so memory follows one row group. Given the
/// input's schema (every input was Parquet with that schema), rows are written as they were read, with their
/// types and the schema unchanged. Otherwise the schema is inferred from the first row group's JSON rows
/// (<see cref="ColumnType"/>; every column nullable) and later rows must fit it.
/// </summary>
internal sealed class ParquetRecordSink(string path, ParquetSchema? schema) : IRecordSink
{
    public const int RowGroupRows = 100_000;
    public const long RowGroupBytes = 128L * 1024 * 1024;

    private readonly AtomicOutput _output = AtomicOutput.Create(path);
    private readonly List<KeptRecord> _pending = [];
    private ParquetSchema? _schema = schema;
    private ColumnType.Struct? _inferred;
    private long _pendingBytes;
    private long _written;
    private int _groups;

    public void Write(KeptRecord row)
    {
        _pending.Add(row);
        _pendingBytes += row.Json.Length;
        if (_pending.Count >= RowGroupRows || _pendingBytes >= RowGroupBytes)
            Flush();
    }

    public void Commit()
    {
        if (_pending.Count > 0 || _groups == 0)
            Flush();
        _output.Commit();
    }

    public void Dispose() => _output.Dispose();

    private void Flush()
    {
        var rows = _pending.Count > 0 && _pending.All(r => r.Native is not null) && _inferred is null && _schema is not null
            ? _pending.Select(r => (IDictionary<string, object?>)r.Native!).ToList()
            : FromJson();
        var options = new ParquetOptions { Append = _groups > 0, RowGroupSize = Math.Max(1, rows.Count) };
        ParquetSerializer.SerializeUntypedAsync(rows, _schema!, _output.Stream, options).GetAwaiter().GetResult();
        _written += rows.Count;
        _groups++;
        _pending.Clear();
        _pendingBytes = 0;
    }

    private List<IDictionary<string, object?>> FromJson()
    {
        var documents = _pending.Select(ColumnarRows.Parse).ToList();
        try
        {
            if (_schema is null)
            {
                _inferred = ColumnarRows.InferStruct(documents);
                _schema = new ParquetSchema(_inferred.Fields.Select(f => ParquetColumns.Field(f.Name, f.Type)));
            }
            var type = _inferred ?? throw new InvalidDataException($"{path}: the input's Parquet schema is kept, but some rows did not come from Parquet");
            var rows = new List<IDictionary<string, object?>>(documents.Count);
            for (var i = 0; i < documents.Count; i++)
                rows.Add((IDictionary<string, object?>)ParquetColumns.Value(documents[i].RootElement, type, $"output row {_written + i}")!);
            return rows;
        }
        finally
        {
            foreach (var document in documents)
                document.Dispose();
        }
    }
}
