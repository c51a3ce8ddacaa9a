using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Winnow.Data.Columnar;

/// <summary>
/// Renders a row of a typed file (Parquet values as Parquet.Net hands them out, or Arrow values) as the JSON
/// object that <see cref="RowParser"/> reads. Strings stay exactly as stored; integers as integers; floating
/// point in the shortest form that reads back to the same value (NaN and infinities as bare tokens, which the
/// parser accepts); timestamps as ISO 8601 text; binary as base64.
/// </summary>
internal sealed class NativeJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public NativeJson() => _writer = new Utf8JsonWriter(_buffer, Options);

    /// <summary>Starts a row; the bytes of the previous row are overwritten.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>The row's bytes, valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlyMemory<byte> End()
    {
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case ReadOnlyMemory<char> chars:
                json.WriteStringValue(chars.Span);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case double d:
                WriteDouble(json, d);
                break;
            case float f:
                if (float.IsFinite(f))
                    json.WriteRawValue(f.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
                else
                    WriteDouble(json, f);
                break;
            case Half h:
                WriteValue(json, (float)h);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case DateTime t:
                json.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset t:
                json.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                json.WriteBase64StringValue(bytes);
                break;
            case ReadOnlyMemory<byte> bytes:
                json.WriteBase64StringValue(bytes.Span);
                break;
            case IDictionary<string, object?> map:
                json.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, item);
                }
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                    WriteValue(json, item);
                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double d)
    {
        if (double.IsFinite(d))
            json.WriteNumberValue(d);
        else
            json.WriteRawValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
    }
}
