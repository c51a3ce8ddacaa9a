using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Winnow.Data.Columnar;

/// <summary>
/// Writes one value of an Arrow array as JSON: strings and large strings as text, integers, floating point,
/// booleans, lists and large lists as arrays, structs as objects with their fields in schema order, dictionary
/// arrays as their decoded value, timestamps and dates as ISO 8601 text, binary as base64.
/// </summary>
internal static class ArrowJson
{
    public static void WriteValue(Utf8JsonWriter json, IArrowArray array, int row)
    {
        if (array.IsNull(row))
        {
            json.WriteNullValue();
            return;
        }
        switch (array)
        {
            case StringArray s:
                json.WriteStringValue(s.GetString(row));
                break;
            case LargeStringArray s:
                json.WriteStringValue(s.GetString(row));
                break;
            case BooleanArray b:
                json.WriteBooleanValue(b.GetValue(row)!.Value);
                break;
            case Int8Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case Int16Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case Int32Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case Int64Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case UInt8Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case UInt16Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case UInt32Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case UInt64Array a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case HalfFloatArray a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case FloatArray a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case DoubleArray a: NativeJson.WriteValue(json, a.GetValue(row)); break;
            case TimestampArray a: NativeJson.WriteValue(json, a.GetTimestamp(row)); break;
            case Date32Array a: json.WriteStringValue(a.GetDateOnly(row)!.Value.ToString("O")); break;
            case Date64Array a: json.WriteStringValue(a.GetDateOnly(row)!.Value.ToString("O")); break;
            case BinaryArray a: json.WriteBase64StringValue(a.GetBytes(row)); break;
            case ListArray list:
                WriteItems(json, list.Values, list.ValueOffsets[row], list.ValueOffsets[row + 1]);
                break;
            case LargeListArray list:
                WriteItems(json, list.Values, checked((int)list.ValueOffsets[row]), checked((int)list.ValueOffsets[row + 1]));
                break;
            case StructArray s:
                var fields = ((StructType)s.Data.DataType).Fields;
                json.WriteStartObject();
                for (var i = 0; i < fields.Count; i++)
                {
                    json.WritePropertyName(fields[i].Name);
                    WriteValue(json, s.Fields[i], row);
                }
                json.WriteEndObject();
                break;
            case DictionaryArray d:
                WriteValue(json, d.Dictionary, IndexOf(d.Indices, row));
                break;
            default:
                throw new NotSupportedException($"Arrow type {array.Data.DataType.Name} is not read; expected strings, numbers, booleans, lists or structs");
        }
    }

    private static void WriteItems(Utf8JsonWriter json, IArrowArray values, int from, int to)
    {
        json.WriteStartArray();
        for (var i = from; i < to; i++)
            WriteValue(json, values, i);
        json.WriteEndArray();
    }

    private static int IndexOf(IArrowArray indices, int row) => indices switch
    {
        Int8Array a => a.GetValue(row)!.Value,
        Int16Array a => a.GetValue(row)!.Value,
        Int32Array a => a.GetValue(row)!.Value,
        Int64Array a => checked((int)a.GetValue(row)!.Value),
        UInt8Array a => a.GetValue(row)!.Value,
        UInt16Array a => a.GetValue(row)!.Value,
        UInt32Array a => checked((int)a.GetValue(row)!.Value),
        _ => throw new NotSupportedException($"dictionary index type {indices.Data.DataType.Name}"),
    };
}
