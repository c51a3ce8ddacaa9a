namespace Winnow.Models.Training;

/// <summary>
/// Gradient buffers keyed by the weight array they belong to (reference identity), so a tied head and its
/// embedding accumulate into one buffer and the stacked q/k/v weight into one, exactly as the forward shares them.
/// </summary>
internal sealed class Gradients
{
    private readonly Dictionary<float[], float[]> _byWeight = new(ReferenceEqualityComparer.Instance);

    public Gradients(IEnumerable<TrainableTensor> tensors)
    {
        foreach (var t in tensors)
        {
            if (!_byWeight.ContainsKey(t.Data))
                _byWeight[t.Data] = new float[t.Data.Length];
        }
    }

    /// <summary>The gradient buffer of a whole weight array (empty for a missing optional weight such as a bias).</summary>
    public float[] Of(float[]? weight) => weight is null ? [] : _byWeight[weight];

    public Span<float> Of(TrainableTensor tensor) => _byWeight[tensor.Data].AsSpan(tensor.Offset, tensor.Length);

    public IEnumerable<float[]> Buffers => _byWeight.Values;

    public void Clear()
    {
        foreach (var buffer in _byWeight.Values)
            Array.Clear(buffer);
    }

    /// <summary>√(Σ g²) over every buffer, in double.</summary>
    public double GlobalNorm()
    {
        double sum = 0;
        foreach (var buffer in _byWeight.Values)
        {
            foreach (var g in buffer)
                sum += (double)g * g;
        }
        return Math.Sqrt(sum);
    }

    public void Scale(float factor)
    {
        foreach (var buffer in _byWeight.Values)
            System.Numerics.Tensors.TensorPrimitives.Multiply(buffer, factor, buffer);
    }
}
