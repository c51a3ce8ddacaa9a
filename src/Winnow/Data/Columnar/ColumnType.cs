using System.Text.Json;

namespace Winnow.Data.Columnar;

/// <summary>The scalar kinds a JSON value maps to in a typed column.</summary>
internal enum ScalarKind
{
    /// <summary>Only nulls seen so far: the column's type is still open (written as a nullable string).</summary>
    Null,
    Boolean,
    Int64,
    Double,
    String,
}

/// <summary>
/// The column type that JSON rows written to Parquet or Arrow get when there is no input schema to keep:
/// inferred from the values (an integer that fits 64 bits is Int64, any other number Double, an array a list of
/// its elements' merged type, an object a struct of its keys in first-seen order). Every column is nullable.
/// </summary>
internal abstract record ColumnType
{
    public sealed record Scalar(ScalarKind Kind) : ColumnType;

    public sealed record List(ColumnType Element) : ColumnType;

    public sealed record Struct(List<(string Name, ColumnType Type)> Fields) : ColumnType;

    public static readonly ColumnType Unknown = new Scalar(ScalarKind.Null);

    public static ColumnType Of(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Unknown,
        JsonValueKind.True or JsonValueKind.False => new Scalar(ScalarKind.Boolean),
        JsonValueKind.Number => new Scalar(value.TryGetInt64(out _) ? ScalarKind.Int64 : ScalarKind.Double),
        JsonValueKind.String => new Scalar(ScalarKind.String),
        JsonValueKind.Array => new List(value.EnumerateArray().Aggregate(Unknown, (type, item) => Merge(type, Of(item, path + "[]"), path + "[]"))),
        _ => new Struct(value.EnumerateObject().Select(p => (p.Name, Of(p.Value, Join(path, p.Name)))).ToList()),
    };

    /// <summary>The type that holds both; a string and a number (say) in one column is an error naming the column.</summary>
    /// <exception cref="InvalidDataException">The two types cannot share a column.</exception>
    public static ColumnType Merge(ColumnType a, ColumnType b, string path)
    {
        switch (a, b)
        {
            case (Scalar { Kind: ScalarKind.Null }, _):
                return b;
            case (_, Scalar { Kind: ScalarKind.Null }):
                return a;
            case (Scalar x, Scalar y) when x.Kind == y.Kind:
                return a;
            case (Scalar x, Scalar y) when x.Kind is ScalarKind.Int64 or ScalarKind.Double && y.Kind is ScalarKind.Int64 or ScalarKind.Double:
                return new Scalar(ScalarKind.Double);
            case (List x, List y):
                return new List(Merge(x.Element, y.Element, path + "[]"));
            case (Struct x, Struct y):
                var fields = new List<(string Name, ColumnType Type)>(x.Fields);
                foreach (var (name, type) in y.Fields)
                {
                    var at = fields.FindIndex(f => f.Name == name);
                    if (at < 0)
                        fields.Add((name, type));
                    else
                        fields[at] = (name, Merge(fields[at].Type, type, Join(path, name)));
                }
                return new Struct(fields);
            default:
                throw new InvalidDataException($"field '{path}' holds {Describe(a)} in one row and {Describe(b)} in another; a typed column has one type");
        }
    }

    public static string Describe(ColumnType type) => type switch
    {
        Scalar { Kind: ScalarKind.Int64 or ScalarKind.Double } => "numbers",
        Scalar { Kind: ScalarKind.Boolean } => "booleans",
        Scalar { Kind: ScalarKind.String } => "strings",
        Scalar => "nulls",
        List => "arrays",
        _ => "objects",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
