using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Winnow.Data.Columnar;

/// <summary>
/// Builds Arrow arrays of a given type from JSON values (the input's own schema when it is kept, or one
/// inferred from the rows): strings and large strings, signed and unsigned integers, floating point, booleans,
/// lists, large lists and structs. A value that does not fit its column is an error naming the column.
/// </summary>
internal static class ArrowColumns
{
    public static IArrowType TypeOf(ColumnType type) => type switch
    {
        ColumnType.Scalar { Kind: ScalarKind.Boolean } => BooleanType.Default,
        ColumnType.Scalar { Kind: ScalarKind.Int64 } => Int64Type.Default,
        ColumnType.Scalar { Kind: ScalarKind.Double } => DoubleType.Default,
        ColumnType.Scalar => StringType.Default,
        ColumnType.List list => new ListType(new Field("item", TypeOf(list.Element), nullable: true)),
        ColumnType.Struct s => new StructType(s.Fields.Select(f => new Field(f.Name, TypeOf(f.Type), nullable: true)).ToList()),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <exception cref="InvalidDataException">A value does not fit the column's type.</exception>
    /// <exception cref="NotSupportedException">The column's type is not one this writer builds.</exception>
    public static IArrowArray Build(IArrowType type, IReadOnlyList<JsonElement?> values, string path)
    {
        switch (type)
        {
            case StringType:
                return Fill(new StringArray.Builder(), values, path, "strings", (b, v) => b.Append(v.GetString()), b => b.AppendNull(), b => b.Build());
            case LargeStringType:
                return Fill(new LargeStringArray.Builder(), values, path, "strings", (b, v) => b.Append(v.GetString()), b => b.AppendNull(), b => b.Build());
            case BooleanType:
                return Fill(new BooleanArray.Builder(), values, path, "booleans", (b, v) => b.Append(v.GetBoolean()), b => b.AppendNull(), b => b.Build());
            case Int8Type: return Fill(new Int8Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetSByte()), b => b.AppendNull(), b => b.Build());
            case Int16Type: return Fill(new Int16Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetInt16()), b => b.AppendNull(), b => b.Build());
            case Int32Type: return Fill(new Int32Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetInt32()), b => b.AppendNull(), b => b.Build());
            case Int64Type: return Fill(new Int64Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetInt64()), b => b.AppendNull(), b => b.Build());
            case UInt8Type: return Fill(new UInt8Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetByte()), b => b.AppendNull(), b => b.Build());
            case UInt16Type: return Fill(new UInt16Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetUInt16()), b => b.AppendNull(), b => b.Build());
            case UInt32Type: return Fill(new UInt32Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetUInt32()), b => b.AppendNull(), b => b.Build());
            case UInt64Type: return Fill(new UInt64Array.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetUInt64()), b => b.AppendNull(), b => b.Build());
            case FloatType: return Fill(new FloatArray.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetSingle()), b => b.AppendNull(), b => b.Build());
            case DoubleType: return Fill(new DoubleArray.Builder(), values, path, "numbers", (b, v) => b.Append(v.GetDouble()), b => b.AppendNull(), b => b.Build());
            case ListType list:
                return BuildList(list.ValueField, values, path, (t, length, offsets, items, nulls, nullCount) => new ListArray(t, length, offsets, items, nulls, nullCount), type, large: false);
            case LargeListType list:
                return BuildList(list.ValueField, values, path, (t, length, offsets, items, nulls, nullCount) => new LargeListArray(t, length, offsets, items, nulls, nullCount), type, large: true);
            case StructType s:
                return BuildStruct(s, values, path);
            default:
                throw new NotSupportedException($"column '{path}' has Arrow type {type.Name}, which this writer does not build; expected strings, numbers, booleans, lists or structs");
        }
    }

    private static IArrowArray Fill<TBuilder>(TBuilder builder, IReadOnlyList<JsonElement?> values, string path, string expected,
        Action<TBuilder, JsonElement> append, Action<TBuilder> appendNull, Func<TBuilder, IArrowArray> build)
    {
        var kind = expected switch { "strings" => JsonValueKind.String, "numbers" => JsonValueKind.Number, _ => JsonValueKind.True };
        foreach (var value in values)
        {
            if (value is not { ValueKind: not JsonValueKind.Null } v)
            {
                appendNull(builder);
                continue;
            }
            var matches = kind == JsonValueKind.True ? v.ValueKind is JsonValueKind.True or JsonValueKind.False : v.ValueKind == kind;
            if (!matches)
                throw new InvalidDataException($"column '{path}' holds {expected}, found {RowFields.Describe(v.ValueKind)}");
            try
            {
                append(builder, v);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"column '{path}': {v.GetRawText()} does not fit its {expected[..^1]} type: {e.Message}", e);
            }
        }
        return build(builder);
    }

    private static IArrowArray BuildList(Field item, IReadOnlyList<JsonElement?> values, string path,
        Func<IArrowType, int, ArrowBuffer, IArrowArray, ArrowBuffer, int, IArrowArray> create, IArrowType type, bool large)
    {
        var offsets = new List<long>(values.Count + 1) { 0 };
        var items = new List<JsonElement?>();
        var nulls = new ArrowBuffer.BitmapBuilder(values.Count);
        var nullCount = 0;
        foreach (var value in values)
        {
            if (value is not { ValueKind: not JsonValueKind.Null } v)
            {
                nulls.Append(false);
                nullCount++;
            }
            else if (v.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"column '{path}' holds lists, found {RowFields.Describe(v.ValueKind)}");
            }
            else
            {
                nulls.Append(true);
                foreach (var element in v.EnumerateArray())
                    items.Add(element);
            }
            offsets.Add(items.Count);
        }
        var child = Build(item.DataType, items, path + "[]");
        var offsetBuffer = large
            ? new ArrowBuffer.Builder<long>(offsets.Count).AppendRange(offsets).Build()
            : new ArrowBuffer.Builder<int>(offsets.Count).AppendRange(offsets.Select(o => checked((int)o))).Build();
        return create(type, values.Count, offsetBuffer, child, nulls.Build(), nullCount);
    }

    private static StructArray BuildStruct(StructType type, IReadOnlyList<JsonElement?> values, string path)
    {
        var nulls = new ArrowBuffer.BitmapBuilder(values.Count);
        var nullCount = 0;
        var columns = type.Fields.Select(_ => new List<JsonElement?>(values.Count)).ToList();
        foreach (var value in values)
        {
            var present = value is { ValueKind: JsonValueKind.Object };
            if (value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Object } v)
                throw new InvalidDataException($"column '{path}' holds objects, found {RowFields.Describe(v.ValueKind)}");
            nulls.Append(present);
            nullCount += present ? 0 : 1;
            for (var i = 0; i < type.Fields.Count; i++)
                columns[i].Add(present && value!.Value.TryGetProperty(type.Fields[i].Name, out var field) ? field : null);
            if (present)
                CheckNoExtraFields(value!.Value, type, path);
        }
        var children = type.Fields.Select((f, i) => Build(f.DataType, columns[i], path.Length == 0 ? f.Name : path + "." + f.Name)).ToList();
        return new StructArray(type, values.Count, children, nulls.Build(), nullCount);
    }

    private static void CheckNoExtraFields(JsonElement value, StructType type, string path)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (type.GetFieldIndex(property.Name) < 0)
                throw new InvalidDataException($"'{(path.Length == 0 ? property.Name : path + "." + property.Name)}' has no column in the Arrow schema being written");
        }
    }
}
