using System.Text.Json;

namespace Winnow.Data.Columnar;

/// <summary>
/// The rows of a typed output's first row group or record batch while its schema is inferred from them: each
/// row widens the inferred struct type (an integer column meeting a fraction becomes floating point, a column of
/// nulls takes the first type seen), or is refused when its values clash with earlier rows'.
/// </summary>
internal sealed class InferringRows(string path) : IDisposable
{
    private ColumnType _type = new ColumnType.Struct([]);

    public List<JsonDocument> Documents { get; } = [];

    public ColumnType.Struct Type => (ColumnType.Struct)_type;

    /// <exception cref="UnwritableRowException">The row is no JSON object, or a field's value clashes with earlier rows'.</exception>
    public void Add(KeptRecord row)
    {
        var document = ColumnarRows.ParseObject(row);
        try
        {
            _type = ColumnType.Merge(_type, ColumnType.Of(document.RootElement, ""), "");
        }
        catch (InvalidDataException e)
        {
            document.Dispose();
            throw new UnwritableRowException($"{path}: output row {Documents.Count}: {e.Message}", e);
        }
        Documents.Add(document);
    }

    public void Dispose()
    {
        foreach (var document in Documents)
            document.Dispose();
        Documents.Clear();
    }
}
