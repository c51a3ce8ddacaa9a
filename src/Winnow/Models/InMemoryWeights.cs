namespace Winnow.Models;

/// <summary>Weights held in memory (random models in tests and benchmarks, or weights converted by the caller).</summary>
public sealed class InMemoryWeights(string name = "in-memory") : IWeightSource
{
    private readonly Dictionary<string, (float[] Data, long[] Shape)> _tensors = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public IEnumerable<string> TensorNames => _tensors.Keys;

    public void Add(string tensorName, float[] data, params long[] shape)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
            throw new ArgumentException($"tensor '{tensorName}' has {data.Length} values, shape [{string.Join(", ", shape)}] needs another count");
        _tensors[tensorName] = (data, shape);
    }

    public bool Contains(string tensorName) => _tensors.ContainsKey(tensorName);

    public float[] Load(string tensorName, params long[] expectedShape)
    {
        if (!_tensors.TryGetValue(tensorName, out var t))
            throw new ModelFormatException($"{Name}: tensor '{tensorName}' is missing");
        WeightShapes.Check(Name, tensorName, t.Shape, expectedShape);
        return t.Data;
    }
}

internal static class WeightShapes
{
    public static void Check(string source, string tensorName, long[] actual, long[] expected)
    {
        if (!actual.AsSpan().SequenceEqual(expected))
            throw new ModelFormatException(
                $"{source}: tensor '{tensorName}' has shape [{string.Join(", ", actual)}], the config implies [{string.Join(", ", expected)}]");
    }
}
