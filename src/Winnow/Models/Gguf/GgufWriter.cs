using System.Text;

namespace Winnow.Models.Gguf;

/// <summary>
/// Writes a GGUF version 3 file: magic, version, tensor and metadata counts, the metadata key/values, the tensor
/// infos (name, dimensions innermost first, ggml type, offset), padding to <see cref="Alignment"/>, then each tensor's
/// bytes at its offset. Tensor bytes are produced one tensor at a time while writing, so a large model is never held
/// whole. The file is written beside the target and renamed into place.
/// </summary>
public sealed class GgufWriter
{
    public const int Alignment = 32;

    private readonly List<(string Key, GgufValueType Type, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Dims, GgmlType Type, long Bytes, Func<byte[]> Data)> _tensors = [];

    public void AddString(string key, string value) => _metadata.Add((key, GgufValueType.String, w => WriteString(w, value)));

    public void AddUInt32(string key, uint value) => _metadata.Add((key, GgufValueType.UInt32, w => w.Write(value)));

    public void AddFloat32(string key, float value) => _metadata.Add((key, GgufValueType.Float32, w => w.Write(value)));

    public void AddBool(string key, bool value) => _metadata.Add((key, GgufValueType.Bool, w => w.Write((byte)(value ? 1 : 0))));

    public void AddStrings(string key, IReadOnlyList<string> values) => AddArray(key, GgufValueType.String, values.Count, w =>
    {
        foreach (var v in values)
            WriteString(w, v);
    });

    public void AddFloats(string key, IReadOnlyList<float> values) => AddArray(key, GgufValueType.Float32, values.Count, w =>
    {
        foreach (var v in values)
            w.Write(v);
    });

    public void AddInts(string key, IReadOnlyList<int> values) => AddArray(key, GgufValueType.Int32, values.Count, w =>
    {
        foreach (var v in values)
            w.Write(v);
    });

    /// <summary>A tensor of dimensions <paramref name="dims"/> (ggml order: innermost first); <paramref name="data"/> is called once, while writing.</summary>
    public void AddTensor(string name, long[] dims, GgmlType type, Func<byte[]> data)
    {
        var elements = dims.Aggregate(1L, (a, b) => checked(a * b));
        var (perBlock, _) = GgmlTypes.Block(type) ?? throw new ArgumentOutOfRangeException(nameof(type));
        if (dims[0] % perBlock != 0)
            throw new ArgumentException($"tensor '{name}': innermost dimension {dims[0]} is not a multiple of the {GgmlTypes.Name(type)} block ({perBlock})");
        _tensors.Add((name, dims, type, GgmlTypes.Bytes(type, elements), data));
    }

    public void Write(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Encoding.ASCII.GetBytes("GGUF"));
            w.Write(3u);
            w.Write((ulong)_tensors.Count);
            w.Write((ulong)_metadata.Count);
            foreach (var (key, type, write) in _metadata)
            {
                WriteString(w, key);
                w.Write((uint)type);
                write(w);
            }
            long offset = 0;
            foreach (var (name, dims, type, bytes, _) in _tensors)
            {
                WriteString(w, name);
                w.Write((uint)dims.Length);
                foreach (var d in dims)
                    w.Write((ulong)d);
                w.Write((uint)type);
                w.Write((ulong)offset);
                offset += Padded(bytes);
            }
            Pad(w);
            foreach (var (name, _, _, bytes, data) in _tensors)
            {
                var payload = data();
                if (payload.Length != bytes)
                    throw new InvalidOperationException($"tensor '{name}': {payload.Length} bytes produced, {bytes} declared");
                w.Write(payload);
                Pad(w);
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    private void AddArray(string key, GgufValueType elementType, int count, Action<BinaryWriter> writeElements) =>
        _metadata.Add((key, GgufValueType.Array, w =>
        {
            w.Write((uint)elementType);
            w.Write((ulong)count);
            writeElements(w);
        }));

    private static long Padded(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w)
    {
        var position = w.BaseStream.Position;
        for (var i = position; i < Padded(position); i++)
            w.Write((byte)0);
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }
}
