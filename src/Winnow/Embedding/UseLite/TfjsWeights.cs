using System.Buffers.Binary;
using System.Text.Json;

namespace Winnow.Embedding.UseLite;

/// <summary>
/// The weights of a TF.js graph model (<c>model.json</c> + binary shards), by name. The shards of each manifest
/// group are one byte stream in which the group's weights follow each other in manifest order. Only float32 and
/// int32 tensors without quantization occur in the USE-lite package; anything else is refused by name.
/// </summary>
internal sealed class TfjsWeights
{
    private readonly Dictionary<string, (int[] Shape, float[]? Floats, int[]? Ints)> _tensors = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];

    private TfjsWeights(string modelJsonPath) => ModelJsonPath = modelJsonPath;

    public string ModelJsonPath { get; }

    /// <summary>model.json and its shards, in the order they were read.</summary>
    public IReadOnlyList<string> Files => _files;

    public static TfjsWeights Load(string modelJsonPath)
    {
        var weights = new TfjsWeights(modelJsonPath);
        weights._files.Add(Path.GetFullPath(modelJsonPath));
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        using var document = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        if (!document.RootElement.TryGetProperty("weightsManifest", out var manifest))
            throw new InvalidDataException($"{modelJsonPath}: no weightsManifest");
        foreach (var group in manifest.EnumerateArray())
        {
            var paths = group.GetProperty("paths").EnumerateArray().Select(p => Path.Combine(folder, p.GetString()!)).ToList();
            weights._files.AddRange(paths);
            var bytes = paths.SelectMany(File.ReadAllBytes).ToArray();
            var offset = 0;
            foreach (var spec in group.GetProperty("weights").EnumerateArray())
                offset = weights.Read(spec, bytes, offset);
            if (offset != bytes.Length)
                throw new InvalidDataException($"{modelJsonPath}: a weight group holds {bytes.Length} bytes, its manifest describes {offset}");
        }
        return weights;
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public int[] Shape(string name) => Get(name).Shape;

    /// <summary>A float32 tensor, checked against the shape the architecture expects.</summary>
    public float[] Floats(string name, params int[] shape)
    {
        var (actual, floats, _) = Get(name);
        if (floats is null)
            throw new InvalidDataException($"{ModelJsonPath}: weight '{name}' is not float32");
        CheckShape(name, actual, shape);
        return floats;
    }

    public float FloatScalar(string name) => Floats(name)[0];

    public int IntScalar(string name)
    {
        var (actual, _, ints) = Get(name);
        if (ints is null)
            throw new InvalidDataException($"{ModelJsonPath}: weight '{name}' is not int32");
        CheckShape(name, actual, []);
        return ints[0];
    }

    private (int[] Shape, float[]? Floats, int[]? Ints) Get(string name)
        => _tensors.TryGetValue(name, out var tensor) ? tensor : throw new InvalidDataException($"{ModelJsonPath}: no weight named '{name}'");

    private void CheckShape(string name, int[] actual, int[] expected)
    {
        if (!actual.SequenceEqual(expected))
            throw new InvalidDataException($"{ModelJsonPath}: weight '{name}' has shape [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
    }

    private int Read(JsonElement spec, byte[] bytes, int offset)
    {
        var name = spec.GetProperty("name").GetString()!;
        var dtype = spec.GetProperty("dtype").GetString();
        if (spec.TryGetProperty("quantization", out _))
            throw new NotSupportedException($"{ModelJsonPath}: weight '{name}' is quantized; only float32 and int32 weights are supported");
        var shape = spec.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var count = shape.Aggregate(1, (a, b) => checked(a * b));
        if (offset + (long)count * 4 > bytes.Length)
            throw new InvalidDataException($"{ModelJsonPath}: weight '{name}' runs past the end of its shards");
        var source = bytes.AsSpan(offset, count * 4);
        switch (dtype)
        {
            case "float32":
                var floats = new float[count];
                for (var i = 0; i < count; i++)
                    floats[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                _tensors[name] = (shape, floats, null);
                break;
            case "int32":
                var ints = new int[count];
                for (var i = 0; i < count; i++)
                    ints[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
                _tensors[name] = (shape, null, ints);
                break;
            default:
                throw new NotSupportedException($"{ModelJsonPath}: weight '{name}' has dtype {dtype}; only float32 and int32 are supported");
        }
        return offset + count * 4;
    }
}
