using System.Globalization;
using System.Text;

namespace Winnow.Models.Gguf;

/// <summary>One tensor's entry in a GGUF file: dimensions innermost first, ggml type, offset from the data section.</summary>
public sealed record GgufTensorInfo(string Name, long[] Dims, GgmlType Type, long Offset, long Bytes);

/// <summary>
/// A validated GGUF header (versions 2 and 3): every metadata value and tensor entry, read with every count, length and
/// offset checked against the file's size before anything is allocated, so a truncated or hostile file (wrong magic,
/// absurd counts, strings or arrays longer than the file, unknown types, overlapping or out-of-file tensors) is refused
/// with <see cref="ModelFormatException"/> naming the file and the field, before llama.cpp is given it.
/// </summary>
public sealed class GgufFile
{
    private const int MaxDims = 4;
    private const int MaxArrayDepth = 2;

    private GgufFile(string path, uint version, Dictionary<string, object> metadata, List<GgufTensorInfo> tensors, long dataOffset)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        DataOffset = dataOffset;
    }

    public string Path { get; }

    public uint Version { get; }

    /// <summary>Scalars as their .NET types (uint, float, bool, string, …); arrays as object[].</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    public long DataOffset { get; }

    public string Architecture => Metadata.TryGetValue("general.architecture", out var a) && a is string s ? s : "unknown";

    /// <summary>The most common type among the 2-D tensors (what a user calls the file's quantisation: f32, f16, q8_0, q4_0, …).</summary>
    public string Quantisation => Tensors.Where(t => t.Dims.Length >= 2).GroupBy(t => t.Type).OrderByDescending(g => g.Count())
        .Select(g => GgmlTypes.Name(g.Key)).FirstOrDefault() ?? "f32";

    public static GgufFile Read(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new Reader(stream, path);
        var magic = reader.Bytes(4, "magic");
        if (Encoding.ASCII.GetString(magic) != "GGUF")
            throw reader.Error("magic", $"expected the bytes 'GGUF', found {Convert.ToHexString(magic)}; not a GGUF file");
        var version = reader.UInt32("version");
        if (version is not (2 or 3))
            throw reader.Error("version", $"{version} is not supported (2 or 3)");
        var tensorCount = reader.Count("tensor_count", 32);
        var kvCount = reader.Count("metadata_kv_count", 13);
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            var key = reader.String($"metadata key {i}");
            var type = reader.UInt32($"metadata '{key}' type");
            if (!metadata.TryAdd(key, reader.Value((GgufValueType)type, $"metadata '{key}'", 0)))
                throw reader.Error($"metadata '{key}'", "the key appears twice");
        }
        var alignment = metadata.TryGetValue("general.alignment", out var a) ? Convert.ToInt64(a, CultureInfo.InvariantCulture) : 32;
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0 || alignment > 1 << 20)
            throw reader.Error("general.alignment", $"{alignment} is not a power of two up to 1 MiB");
        var infos = new List<(string Name, long[] Dims, GgmlType Type, long Offset)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            var name = reader.String($"tensor {i} name");
            if (!names.Add(name))
                throw reader.Error($"tensor '{name}'", "the name appears twice");
            var dimCount = reader.UInt32($"tensor '{name}' n_dims");
            if (dimCount is 0 or > MaxDims)
                throw reader.Error($"tensor '{name}' n_dims", $"{dimCount} is outside 1..{MaxDims}");
            var dims = new long[dimCount];
            for (var d = 0; d < dimCount; d++)
            {
                var size = reader.UInt64($"tensor '{name}' dim {d}");
                if (size is 0 or > (1UL << 40))
                    throw reader.Error($"tensor '{name}' dim {d}", $"{size} is outside 1..2^40");
                dims[d] = (long)size;
            }
            var type = (GgmlType)reader.UInt32($"tensor '{name}' type");
            if (GgmlTypes.Block(type) is null)
                throw reader.Error($"tensor '{name}' type", $"{(uint)type} is not a ggml type this reader knows");
            var offset = reader.UInt64($"tensor '{name}' offset");
            if (offset > (ulong)stream.Length || (long)offset % alignment != 0)
                throw reader.Error($"tensor '{name}' offset", $"{offset} is beyond the file or not a multiple of the alignment {alignment}");
            infos.Add((name, dims, type, (long)offset));
        }
        var dataOffset = (stream.Position + alignment - 1) / alignment * alignment;
        var dataLength = stream.Length - dataOffset;
        var tensors = new List<GgufTensorInfo>();
        foreach (var (name, dims, type, offset) in infos)
        {
            long elements;
            try
            {
                elements = dims.Aggregate(1L, (x, y) => checked(x * y));
            }
            catch (OverflowException)
            {
                throw reader.Error($"tensor '{name}'", $"dimensions [{string.Join(", ", dims)}] overflow");
            }
            var (perBlock, _) = GgmlTypes.Block(type)!.Value;
            if (dims[0] % perBlock != 0)
                throw reader.Error($"tensor '{name}'", $"innermost dimension {dims[0]} is not a multiple of the {GgmlTypes.Name(type)} block ({perBlock})");
            var bytes = GgmlTypes.Bytes(type, elements);
            if (offset + bytes > dataLength)
                throw reader.Error($"tensor '{name}'", $"its {bytes} bytes at data offset {offset} run past the end of the file ({dataLength} data bytes); the file is truncated or corrupt");
            tensors.Add(new GgufTensorInfo(name, dims, type, offset, bytes));
        }
        var sorted = tensors.OrderBy(t => t.Offset).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i - 1].Offset + sorted[i - 1].Bytes > sorted[i].Offset)
                throw reader.Error($"tensor '{sorted[i].Name}'", $"overlaps tensor '{sorted[i - 1].Name}'");
        }
        return new GgufFile(path, version, metadata, tensors, dataOffset);
    }

    /// <summary>Bounds-checked little-endian reads; every failure names the file, the byte position and the field.</summary>
    private sealed class Reader(Stream stream, string path)
    {
        private const long MaxString = 1L << 24;
        private readonly BinaryReader _r = new(stream, Encoding.UTF8, leaveOpen: true);

        private long Remaining => stream.Length - stream.Position;

        public ModelFormatException Error(string field, string problem) =>
            new($"{path}: GGUF {field} (byte {stream.Position.ToString(CultureInfo.InvariantCulture)}): {problem}");

        public byte[] Bytes(long count, string field)
        {
            if (count > Remaining)
                throw Error(field, $"needs {count} bytes but only {Remaining} remain; the file is truncated");
            return _r.ReadBytes((int)count);
        }

        public uint UInt32(string field) => BitConverter.ToUInt32(Bytes(4, field));

        public ulong UInt64(string field) => BitConverter.ToUInt64(Bytes(8, field));

        /// <summary>A count whose entries take at least <paramref name="minBytesEach"/> bytes: more than the rest of the file can hold is refused.</summary>
        public long Count(string field, int minBytesEach)
        {
            var count = UInt64(field);
            if (count > (ulong)(Remaining / minBytesEach))
                throw Error(field, $"{count} entries cannot fit in the {Remaining} bytes that remain; the file is truncated or the count is corrupt");
            return (long)count;
        }

        public string String(string field)
        {
            var length = UInt64(field + " length");
            if (length > (ulong)Math.Min(MaxString, Remaining))
                throw Error(field, $"string length {length} exceeds the {Math.Min(MaxString, Remaining)} bytes allowed here");
            return Encoding.UTF8.GetString(Bytes((long)length, field));
        }

        public object Value(GgufValueType type, string field, int depth) => type switch
        {
            GgufValueType.UInt8 => Bytes(1, field)[0],
            GgufValueType.Int8 => (sbyte)Bytes(1, field)[0],
            GgufValueType.UInt16 => BitConverter.ToUInt16(Bytes(2, field)),
            GgufValueType.Int16 => BitConverter.ToInt16(Bytes(2, field)),
            GgufValueType.UInt32 => UInt32(field),
            GgufValueType.Int32 => BitConverter.ToInt32(Bytes(4, field)),
            GgufValueType.Float32 => BitConverter.ToSingle(Bytes(4, field)),
            GgufValueType.Bool => Bytes(1, field)[0] switch
            {
                0 => false,
                1 => true,
                var b => throw Error(field, $"bool byte {b} is neither 0 nor 1"),
            },
            GgufValueType.String => String(field),
            GgufValueType.UInt64 => UInt64(field),
            GgufValueType.Int64 => BitConverter.ToInt64(Bytes(8, field)),
            GgufValueType.Float64 => BitConverter.ToDouble(Bytes(8, field)),
            GgufValueType.Array when depth < MaxArrayDepth => Array(field, depth),
            GgufValueType.Array => throw Error(field, $"arrays nest deeper than {MaxArrayDepth}"),
            _ => throw Error(field, $"value type {(uint)type} is not a GGUF type"),
        };

        private object[] Array(string field, int depth)
        {
            var elementType = (GgufValueType)UInt32(field + " element type");
            var minBytes = elementType switch
            {
                GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
                GgufValueType.UInt16 or GgufValueType.Int16 => 2,
                GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
                GgufValueType.String or GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
                GgufValueType.Array => 12,
                _ => throw Error(field, $"array element type {(uint)elementType} is not a GGUF type"),
            };
            var count = Count(field + " count", minBytes);
            var values = new object[count];
            for (long i = 0; i < count; i++)
                values[i] = Value(elementType, field, depth + 1);
            return values;
        }
    }
}
