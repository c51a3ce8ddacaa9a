using System.Text.Json;
using Parquet.Schema;

namespace Winnow.Data.Columnar;

/// <summary>
/// Maps an inferred <see cref="ColumnType"/> to a Parquet field, and a JSON value to the value Parquet.Net's
/// untyped writer takes for that field (strings inside lists as character memory, lists of structs as lists of
/// dictionaries, as its striper expects).
/// </summary>
internal static class ParquetColumns
{
    public static Field Field(string name, ColumnType type) => type switch
    {
        ColumnType.Scalar { Kind: ScalarKind.Boolean } => new DataField<bool?>(name),
        ColumnType.Scalar { Kind: ScalarKind.Int64 } => new DataField<long?>(name),
        ColumnType.Scalar { Kind: ScalarKind.Double } => new DataField<double?>(name),
        ColumnType.Scalar => new DataField<string>(name),
        ColumnType.List list => new ListField(name, Field("element", list.Element)),
        ColumnType.Struct s => new StructField(name, s.Fields.Select(f => Field(f.Name, f.Type)).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <exception cref="InvalidDataException">The value does not fit the column type fixed from earlier rows.</exception>
    public static object? Value(JsonElement value, ColumnType type, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        var own = ColumnType.Of(value, path);
        if (!Fits(type, own))
            throw new InvalidDataException($"{path}: this value ({ColumnType.Describe(own)}) does not fit the column of {ColumnType.Describe(type)} fixed from the first row group");
        return type switch
        {
            ColumnType.Scalar { Kind: ScalarKind.Boolean } => value.GetBoolean(),
            ColumnType.Scalar { Kind: ScalarKind.Int64 } => value.GetInt64(),
            ColumnType.Scalar { Kind: ScalarKind.Double } => value.GetDouble(),
            ColumnType.Scalar => value.GetString(),
            ColumnType.List list => ListValue(value, list.Element, path),
            ColumnType.Struct s => StructValue(value, s, path),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    private static object ListValue(JsonElement value, ColumnType element, string path)
    {
        var at = path + "[]";
        switch (element)
        {
            case ColumnType.Struct s:
                return value.EnumerateArray().Select(e => (IDictionary<string, object?>)StructValue(e, s, at)).ToList();
            case ColumnType.List:
                return value.EnumerateArray().Select(e => Value(e, element, at)).ToList();
            case ColumnType.Scalar { Kind: ScalarKind.Boolean }:
                return value.EnumerateArray().Select(e => (bool?)Value(e, element, at)).ToList();
            case ColumnType.Scalar { Kind: ScalarKind.Int64 }:
                return value.EnumerateArray().Select(e => (long?)Value(e, element, at)).ToList();
            case ColumnType.Scalar { Kind: ScalarKind.Double }:
                return value.EnumerateArray().Select(e => (double?)Value(e, element, at)).ToList();
            default:
                return value.EnumerateArray().Select(e => (ReadOnlyMemory<char>?)((string?)Value(e, element, at))?.AsMemory()).ToList();
        }
    }

    private static Dictionary<string, object?> StructValue(JsonElement value, ColumnType.Struct type, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: expected an object, found {ColumnType.Describe(ColumnType.Of(value, path))}");
        var result = new Dictionary<string, object?>(type.Fields.Count, StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var at = path.Length == 0 ? property.Name : path + "." + property.Name;
            var field = type.Fields.FindIndex(f => f.Name == property.Name);
            if (field < 0)
                throw new InvalidDataException($"{at}: a field that the first row group did not have, so the schema fixed from it has no column for it");
            result[property.Name] = Value(property.Value, type.Fields[field].Type, at);
        }
        return result;
    }

    /// <summary>Whether a value of type <paramref name="value"/> can be stored in a column of type <paramref name="column"/>.</summary>
    private static bool Fits(ColumnType column, ColumnType value) => (column, value) switch
    {
        (_, ColumnType.Scalar { Kind: ScalarKind.Null }) => true,
        (ColumnType.Scalar { Kind: ScalarKind.Double }, ColumnType.Scalar { Kind: ScalarKind.Int64 }) => true,
        (ColumnType.Scalar c, ColumnType.Scalar v) => c.Kind == v.Kind,
        (ColumnType.List, ColumnType.List) => true,
        (ColumnType.Struct, ColumnType.Struct) => true,
        _ => false,
    };
}
