using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Winnow.Data.Columnar;

/// <summary>
/// Writes rows as an Arrow IPC stream or file in record batches of at most <see cref="BatchRows"/> rows. With
/// the input's schema (every input was Arrow with that schema) each column keeps its type (large strings stay
/// large, lists of structs stay so); otherwise the schema is inferred from the first batch's rows and later rows
/// must fit it.
/// </summary>
internal sealed class ArrowRecordSink(string path, DatasetLayout layout, Schema? schema) : IRecordSink
{
    public const int BatchRows = 10_000;

    private readonly AtomicOutput _output = AtomicOutput.Create(path);
    private readonly List<KeptRecord> _pending = [];
    private Schema? _schema = schema;
    private ArrowStreamWriter? _writer;
    private long _written;

    public void Write(KeptRecord row)
    {
        _pending.Add(row);
        if (_pending.Count >= BatchRows)
            Flush();
    }

    public void Commit()
    {
        if (_pending.Count > 0 || _writer is null)
            Flush();
        _writer!.WriteEnd();
        _writer.Dispose();
        _output.Commit();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _output.Dispose();
    }

    private void Flush()
    {
        var documents = _pending.Select(ColumnarRows.Parse).ToList();
        try
        {
            if (_schema is null)
            {
                var inferred = ColumnarRows.InferStruct(documents);
                _schema = new Schema(inferred.Fields.Select(f => new Field(f.Name, ArrowColumns.TypeOf(f.Type), nullable: true)), null);
            }
            var rows = documents.Select(d => (JsonElement?)d.RootElement).ToList();
            var columns = _schema.FieldsList.Select(f => ArrowColumns.Build(f.DataType, rows.Select(r => r!.Value.TryGetProperty(f.Name, out var v) ? v : (JsonElement?)null).ToList(), f.Name)).ToList();
            foreach (var document in documents)
                CheckColumns(document.RootElement);
            _writer ??= layout == DatasetLayout.ArrowFile
                ? new ArrowFileWriter(_output.Stream, _schema, leaveOpen: true)
                : new ArrowStreamWriter(_output.Stream, _schema, leaveOpen: true);
            using var batch = new RecordBatch(_schema, columns, documents.Count);
            _writer.WriteRecordBatch(batch);
            _written += documents.Count;
        }
        finally
        {
            foreach (var document in documents)
                document.Dispose();
            _pending.Clear();
        }
    }

    private void CheckColumns(JsonElement row)
    {
        foreach (var property in row.EnumerateObject())
        {
            if (_schema!.GetFieldIndex(property.Name, StringComparer.Ordinal) < 0)
                throw new InvalidDataException($"{path}: output row {_written} has field '{property.Name}', which has no column in the Arrow schema being written");
        }
    }
}
