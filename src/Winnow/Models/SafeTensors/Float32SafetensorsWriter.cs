using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Winnow.Models.SafeTensors;

/// <summary>
/// Writes float32 tensors as a <c>.safetensors</c> file (what <c>save_pretrained</c> writes: header JSON padded to
/// 8 bytes, <c>__metadata__ = {"format":"pt"}</c>, little-endian data in header order). Written to a temporary
/// name and renamed, so a killed run never leaves a half-written file under the real name.
/// </summary>
internal static class Float32SafetensorsWriter
{
    public static void Write(string path, IEnumerable<(string Name, long[] Shape, ReadOnlyMemory<float> Values)> tensors)
    {
        var list = tensors.ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, shape, values) in list)
            {
                if (shape.Aggregate(1L, (a, b) => a * b) != values.Length)
                    throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] does not hold {values.Length} values");
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var s in shape)
                    json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * values.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        var headerBytes = header.ToArray().Concat(Enumerable.Repeat((byte)' ', (int)((8 - header.Length % 8) % 8))).ToArray();
        var temporary = path + ".partial";
        using (var file = File.Create(temporary))
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)headerBytes.Length);
            file.Write(prefix);
            file.Write(headerBytes);
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not");
            foreach (var (_, _, values) in list)
                file.Write(MemoryMarshal.AsBytes(values.Span));
        }
        File.Move(temporary, path, overwrite: true);
    }
}
