using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Winnow.Models.SafeTensors;

/// <summary>
/// Parses and validates a safetensors header as the format requires: an 8-byte little-endian header length,
/// a header of at most <see cref="MaxHeaderBytes"/> bytes holding a UTF-8 JSON object (trailing spaces allowed),
/// every entry with a known dtype, a non-negative shape and <c>data_offsets</c> whose byte length equals
/// shape product × dtype size, the entries sorted, contiguous and covering the whole data section exactly,
/// and an optional string→string <c>__metadata__</c>. Anything else is a <see cref="ModelFormatException"/>
/// naming the file, so a truncated or hostile file never reaches the memory map.
/// </summary>
internal static class SafetensorsHeader
{
    public const long MaxHeaderBytes = 100_000_000;

    public sealed record Parsed(long DataStart, IReadOnlyDictionary<string, TensorEntry> Tensors, IReadOnlyDictionary<string, string> Metadata);

    public static Parsed Read(string path, Stream stream)
    {
        var fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8 || stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            throw Fail(path, $"file is {fileLength} bytes, shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw Fail(path, $"header length {headerLength} exceeds the format's limit of {MaxHeaderBytes} bytes");
        if ((long)headerLength > fileLength - 8)
            throw Fail(path, $"header length {headerLength} runs past the end of the {fileLength}-byte file");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataLength = fileLength - 8 - (long)headerLength;
        return Parse(path, header, 8 + (long)headerLength, dataLength);
    }

    private static Parsed Parse(string path, byte[] header, long dataStart, long dataLength)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw Fail(path, "header does not start with '{' (not a JSON object)");
        JsonDocument doc;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(header).TrimEnd(' ');
            doc = JsonDocument.Parse(text);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw Fail(path, "header is not valid UTF-8 JSON: " + e.Message);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail(path, "header is not a JSON object");
            var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Fail(path, $"key '{property.Name}' appears twice in the header");
                if (property.Name == "__metadata__")
                    ReadMetadata(path, property.Value, metadata);
                else
                    tensors.Add(property.Name, ReadEntry(path, property.Name, property.Value));
            }
            CheckLayout(path, tensors.Values, dataLength);
            return new Parsed(dataStart, tensors, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, "__metadata__ is not a JSON object");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Fail(path, $"__metadata__ value for '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static TensorEntry ReadEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, $"tensor '{name}' is not a JSON object");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Fail(path, $"tensor '{name}' has no string 'dtype'");
        var dtypeText = dtypeElement.GetString()!;
        if (!TensorDTypes.TryParse(dtypeText, out var dtype))
            throw Fail(path, $"tensor '{name}' has unknown dtype '{dtypeText}'");
        var shape = ReadIntegers(path, name, value, "shape", expectedCount: null);
        var offsets = ReadIntegers(path, name, value, "data_offsets", expectedCount: 2);
        if (offsets[0] > offsets[1])
            throw Fail(path, $"tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}] with begin after end");
        long elements = 1;
        foreach (var d in shape)
        {
            try { elements = checked(elements * d); }
            catch (OverflowException) { throw Fail(path, $"tensor '{name}' shape product overflows"); }
        }
        var entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        long expectedBytes;
        try { expectedBytes = checked(elements * TensorDTypes.SizeInBytes(dtype)); }
        catch (OverflowException) { throw Fail(path, $"tensor '{name}' byte size overflows"); }
        if (expectedBytes != offsets[1] - offsets[0])
            throw Fail(path, $"tensor '{name}' {dtypeText}{entry.ShapeText} needs {expectedBytes} bytes but data_offsets span {offsets[1] - offsets[0]}");
        return entry;
    }

    private static long[] ReadIntegers(string path, string name, JsonElement value, string key, int? expectedCount)
    {
        if (!value.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Fail(path, $"tensor '{name}' has no '{key}' array");
        var result = new long[array.GetArrayLength()];
        if (expectedCount is { } count && result.Length != count)
            throw Fail(path, $"tensor '{name}' '{key}' has {result.Length} entries, expected {count}");
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
                throw Fail(path, $"tensor '{name}' '{key}' holds '{item.GetRawText()}', not a non-negative integer");
            result[i++] = v;
        }
        return result;
    }

    /// <summary>Sorted by begin, every tensor must start where the previous ended and the last end at the file's end.</summary>
    private static void CheckLayout(string path, IEnumerable<TensorEntry> entries, long dataLength)
    {
        long expectedBegin = 0;
        TensorEntry? previous = null;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin != expectedBegin)
            {
                var what = entry.Begin < expectedBegin ? "overlaps" : "leaves a gap after";
                var before = previous is null ? "the start of the data section" : $"'{previous.Name}' (ends at {expectedBegin})";
                throw Fail(path, $"tensor '{entry.Name}' at byte {entry.Begin} {what} {before}");
            }
            if (entry.End > dataLength)
                throw Fail(path, $"tensor '{entry.Name}' ends at byte {entry.End}, past the {dataLength}-byte data section");
            expectedBegin = entry.End;
            previous = entry;
        }
        if (expectedBegin != dataLength)
            throw Fail(path, $"tensors cover {expectedBegin} bytes but the data section has {dataLength} (trailing bytes not indexed)");
    }

    private static ModelFormatException Fail(string path, string problem) => new($"{path}: invalid safetensors file: {problem}");
}
