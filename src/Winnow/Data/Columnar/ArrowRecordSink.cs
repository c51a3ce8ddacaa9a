using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Winnow.Data.Columnar;

/// <summary>
/// Writes rows as an Arrow IPC stream or file in record batches of at most <see cref="BatchRows"/> rows. With
/// the input's schema (every input was Arrow with that schema) each column keeps its type (large strings stay
/// large, lists of structs stay so); otherwise the schema is inferred from the first batch's rows and later rows
/// must fit it. Each row is checked as it is written: one that cannot be held is an
/// <see cref="UnwritableRowException"/> and the rest go on.
/// </summary>
internal sealed class ArrowRecordSink(string path, DatasetLayout layout, Schema? schema) : IRecordSink
{
    public const int BatchRows = 10_000;

    private readonly AtomicOutput _output = AtomicOutput.Create(path);
    private readonly List<JsonDocument> _pending = [];
    private readonly InferringRows _firstBatch = new(path);
    private Schema? _schema = schema;
    private ArrowStreamWriter? _writer;
    private long _written;

    /// <exception cref="UnwritableRowException">The row does not fit the output's columns.</exception>
    public void Write(KeptRecord row)
    {
        if (_schema is null)
        {
            _firstBatch.Add(row);
        }
        else
        {
            var document = ColumnarRows.ParseObject(row);
            try
            {
                Check(document.RootElement);
            }
            catch
            {
                document.Dispose();
                throw;
            }
            _pending.Add(document);
        }
        if (_pending.Count + _firstBatch.Documents.Count >= BatchRows)
            Flush();
    }

    public void Commit()
    {
        if (_pending.Count + _firstBatch.Documents.Count > 0 || _writer is null)
            Flush();
        _writer!.WriteEnd();
        _writer.Dispose();
        _output.Commit();
    }

    public void Dispose()
    {
        _firstBatch.Dispose();
        foreach (var document in _pending)
            document.Dispose();
        _writer?.Dispose();
        _output.Dispose();
    }

    /// <summary>Builds the row alone as a one-row struct of the schema's columns: what fails there would fail the batch.</summary>
    private void Check(JsonElement row)
    {
        try
        {
            ArrowColumns.Build(new StructType(_schema!.FieldsList), [row], "").Dispose();
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
            _schema = new Schema(_firstBatch.Type.Fields.Select(f => new Field(f.Name, ArrowColumns.TypeOf(f.Type), nullable: true)), null);
            _pending.AddRange(_firstBatch.Documents);
            _firstBatch.Documents.Clear();
        }
        try
        {
            var rows = _pending.Select(d => (JsonElement?)d.RootElement).ToList();
            var columns = _schema.FieldsList.Select(f => ArrowColumns.Build(f.DataType, rows.Select(r => r!.Value.TryGetProperty(f.Name, out var v) ? v : (JsonElement?)null).ToList(), f.Name)).ToList();
            _writer ??= layout == DatasetLayout.ArrowFile
                ? new ArrowFileWriter(_output.Stream, _schema, leaveOpen: true)
                : new ArrowStreamWriter(_output.Stream, _schema, leaveOpen: true);
            using var batch = new RecordBatch(_schema, columns, _pending.Count);
            _writer.WriteRecordBatch(batch);
            _written += _pending.Count;
        }
        finally
        {
            foreach (var document in _pending)
                document.Dispose();
            _pending.Clear();
        }
    }
}
