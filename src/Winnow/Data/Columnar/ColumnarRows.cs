using System.Text.Json;

namespace Winnow.Data.Columnar;

/// <summary>
/// JSON rows on their way into a typed file: parsed (bare NaN/Infinity read as null, as everywhere else) and
/// the struct type of a batch of them inferred.
/// </summary>
internal static class ColumnarRows
{
    public static JsonDocument Parse(KeptRecord row)
    {
        var text = row.Text;
        return NamedLiteralRewriter.Rewrite(text) is { } rewritten ? JsonDocument.Parse(rewritten) : JsonDocument.Parse(row.Json.AsMemory(row.Indent));
    }

    /// <summary>The merged struct type of <paramref name="rows"/>, each a JSON object.</summary>
    /// <exception cref="InvalidDataException">A row is not an object, or one field holds values of two types.</exception>
    public static ColumnType.Struct InferStruct(IReadOnlyList<JsonDocument> rows)
    {
        ColumnType type = new ColumnType.Struct([]);
        for (var i = 0; i < rows.Count; i++)
        {
            var root = rows[i].RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"row {i} is not a JSON object, so it has no columns");
            type = ColumnType.Merge(type, ColumnType.Of(root, ""), "");
        }
        return (ColumnType.Struct)type;
    }
}
