using Apache.Arrow.Types;
using Parquet.Schema;

namespace Winnow.Data.Columnar;

/// <summary>Whether two files' own schemas (Parquet or Arrow) are the same, and if not, how they differ.</summary>
internal static class SchemaIdentity
{
    /// <summary>Null when equal, else a sentence naming the first difference.</summary>
    public static string? Difference(object? a, object? b) => (a, b) switch
    {
        (null, null) => null,
        (ParquetSchema x, ParquetSchema y) => x.Equals(y) ? null : x.GetNotEqualsMessage(y, "first", "second"),
        (Apache.Arrow.Schema x, Apache.Arrow.Schema y) => Describe(x.FieldsList) == Describe(y.FieldsList) ? null : $"columns {Describe(x.FieldsList)} vs {Describe(y.FieldsList)}",
        _ => "the files are of different layouts",
    };

    private static string Describe(IEnumerable<Apache.Arrow.Field> fields) =>
        "{" + string.Join(", ", fields.Select(f => $"{f.Name}: {Describe(f.DataType)}{(f.IsNullable ? "?" : "")}")) + "}";

    private static string Describe(IArrowType type) =>
        type is NestedType nested ? $"{type.Name}{Describe(nested.Fields)}" : type.Name;
}
