using System.Text.Json;

namespace Winnow.Data.Columnar;

/// <summary>JSON rows on their way into a typed file, parsed as objects (bare NaN/Infinity read as null, as everywhere else).</summary>
internal static class ColumnarRows
{
    /// <exception cref="UnwritableRowException">The row is not a well-formed JSON object.</exception>
    public static JsonDocument ParseObject(KeptRecord row)
    {
        JsonDocument document;
        try
        {
            document = NamedLiteralRewriter.Rewrite(row.Text) is { } rewritten ? JsonDocument.Parse(rewritten) : JsonDocument.Parse(row.Json.AsMemory(row.Indent));
        }
        catch (JsonException e)
        {
            throw new UnwritableRowException($"the row is not well-formed JSON: {e.Message}", e);
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object)
            return document;
        var kind = document.RootElement.ValueKind;
        document.Dispose();
        throw new UnwritableRowException($"the row is {RowFields.Describe(kind)}, expected a JSON object with one field per column");
    }
}
