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
/// (<see cref="ColumnType"/>; every column nullable) and later rows must fit it. Each row is checked as it is
/// written: one that cannot be held is an <see cref="UnwritableRowException"/> and the rest go on.
/// </summary>
internal sealed class ParquetRecordSink(string path, ParquetSchema? schema) : IRecordSink
{
    public const int RowGroupRows = 100_000;
    public const long RowGroupBytes = 128L * 1024 * 1024;

    private readonly AtomicOutput _output = AtomicOutput.Create(path);
    private readonly List<IDictionary<string, object?>> _pending = [];
    private readonly InferringRows _firstGroup = new(path);
    private readonly bool _keepsInputSchema = schema is not null;
    private ParquetSchema? _schema = schema;
    private ColumnType.Struct? _inferred;
    private long _pendingBytes;
    private long _written;
    private int _groups;

    /// <exception cref="UnwritableRowException">The row does not fit the output's columns.</exception>
    public void Write(KeptRecord row)
    {
        if (_keepsInputSchema)
            _pending.Add((IDictionary<string, object?>?)row.Native
                ?? throw new InvalidDataException($"{path}: the input's Parquet schema is kept, but some rows did not come from Parquet"));
        else if (_inferred is null)
            _firstGroup.Add(row);
        else
            _pending.Add(Convert(row));
        _pendingBytes += row.Json.Length;
        if (_pending.Count + _firstGroup.Documents.Count >= RowGroupRows || _pendingBytes >= RowGroupBytes)
            Flush();
    }

    public void Commit()
    {
        if (_pending.Count + _firstGroup.Documents.Count > 0 || _groups == 0)
            Flush();
        _output.Commit();
    }

    public void Dispose()
    {
        _firstGroup.Dispose();
        _output.Dispose();
    }

    private IDictionary<string, object?> Convert(KeptRecord row)
    {
        using var document = ColumnarRows.ParseObject(row);
        try
        {
            return (IDictionary<string, object?>)ParquetColumns.Value(document.RootElement, _inferred!, "")!;
        }
        catch (InvalidDataException e)
        {
            throw new UnwritableRowException($"{path}: output row {_written + _pending.Count}: {e.Message}", e);
        }
    }

    private void Flush()
    {
        if (_schema is null)
        {
            _inferred = _firstGroup.Type;
            _schema = new ParquetSchema(_inferred.Fields.Select(f => ParquetColumns.Field(f.Name, f.Type)));
            _pending.AddRange(_firstGroup.Documents.Select(d => (IDictionary<string, object?>)ParquetColumns.Value(d.RootElement, _inferred, "")!));
            _firstGroup.Dispose();
        }
        var options = new ParquetOptions { Append = _groups > 0, RowGroupSize = Math.Max(1, _pending.Count) };
        ParquetSerializer.SerializeUntypedAsync(_pending, _schema, _output.Stream, options).GetAwaiter().GetResult();
        _written += _pending.Count;
        _groups++;
        _pending.Clear();
        _pendingBytes = 0;
    }
}
