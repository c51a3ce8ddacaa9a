using System.Buffers.Binary;
using System.Text;

namespace Winnow.Tests.Models;

/// <summary>Writes safetensors files byte by byte, so tests can also write broken and hostile ones.</summary>
internal static class SafetensorsWriter
{
    public static void WriteRaw(string path, string headerJson, byte[] data, ulong? declaredHeaderLength = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, declaredHeaderLength ?? (ulong)header.Length);
        using var file = File.Create(path);
        file.Write(prefix);
        file.Write(header);
        file.Write(data);
    }

    /// <summary>A valid F32 file holding the given tensors in order.</summary>
    public static void WriteF32(string path, params (string Name, long[] Shape, float[] Values)[] tensors)
    {
        var entries = new List<string> { "\"__metadata__\":{\"format\":\"pt\"}" };
        var data = new List<byte>();
        foreach (var (name, shape, values) in tensors)
        {
            var begin = data.Count;
            foreach (var v in values)
                data.AddRange(BitConverter.GetBytes(v));
            entries.Add($"\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{data.Count}]}}");
        }
        WriteRaw(path, "{" + string.Join(",", entries) + "}", data.ToArray());
    }
}

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("winnow-models-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
