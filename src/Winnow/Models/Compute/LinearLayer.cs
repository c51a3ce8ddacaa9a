using Winnow.Tensors;

namespace Winnow.Models.Compute;

/// <summary>
/// y = x·W (+ b) with W kept in its checkpoint layout: <see cref="WeightIsOutByIn"/> for PyTorch <c>nn.Linear</c>
/// ([out, in]), otherwise GPT-2 <c>Conv1D</c> ([in, out]). Keeping the stored layout avoids a transposed copy of
/// every weight at load; the GEMM reads either.
/// </summary>
internal sealed class LinearLayer
{
    public LinearLayer(float[] weight, float[]? bias, int inFeatures, int outFeatures, bool weightIsOutByIn)
    {
        if (weight.Length != (long)inFeatures * outFeatures)
            throw new ArgumentException($"linear weight has {weight.Length} values, expected {inFeatures}×{outFeatures}");
        if (bias is not null && bias.Length != outFeatures)
            throw new ArgumentException($"linear bias has {bias.Length} values, expected {outFeatures}");
        Weight = weight;
        Bias = bias;
        In = inFeatures;
        Out = outFeatures;
        WeightIsOutByIn = weightIsOutByIn;
    }

    public float[] Weight { get; }

    public float[]? Bias { get; }

    public int In { get; }

    public int Out { get; }

    public bool WeightIsOutByIn { get; }

    /// <summary>
    /// The weight packed into the GEMM's panel layout, made on first use by the fast path and kept: packing a
    /// weight once instead of on every call matters most for the vocabulary projection, which is called once per
    /// chunk of scored positions. Costs a second copy of the weight in memory.
    /// </summary>
    public PackedMatrix Packed
    {
        get
        {
            if (_packed is null)
                Interlocked.CompareExchange(ref _packed, Gemm.PackB(Weight, Out, In, WeightIsOutByIn), null);
            return _packed;
        }
    }

    private PackedMatrix? _packed;

    /// <summary>W[o, i] whatever the storage layout (for the reference path).</summary>
    public float At(int o, int i) => WeightIsOutByIn ? Weight[o * In + i] : Weight[i * Out + o];

    /// <summary>Stacks <c>nn.Linear</c> layers that read the same input into one wider layer (fused q/k/v, gate/up).</summary>
    public static LinearLayer StackOutputs(params LinearLayer[] parts)
    {
        var inFeatures = parts[0].In;
        if (parts.Any(p => p.In != inFeatures || !p.WeightIsOutByIn))
            throw new ArgumentException("only [out, in] layers with the same input size can be stacked");
        var weight = parts.SelectMany(p => p.Weight).ToArray();
        float[]? bias = null;
        if (parts.Any(p => p.Bias is not null))
            bias = parts.SelectMany(p => p.Bias ?? new float[p.Out]).ToArray();
        return new LinearLayer(weight, bias, inFeatures, parts.Sum(p => p.Out), weightIsOutByIn: true);
    }
}
