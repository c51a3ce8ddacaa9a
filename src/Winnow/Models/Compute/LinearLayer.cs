using Winnow.Tensors;
using Winnow.Tensors.Quantised;

namespace Winnow.Models.Compute;

/// <summary>
/// y = x·W (+ b) with W kept in its checkpoint layout: <see cref="WeightIsOutByIn"/> for PyTorch <c>nn.Linear</c>
/// ([out, in]), otherwise GPT-2 <c>Conv1D</c> ([in, out]). Keeping the stored layout avoids a transposed copy of
/// every weight at load; the GEMM reads either. A Q8_0 layer (<see cref="Quantised"/>) keeps only its packed 8-bit
/// weight, [out, in] with blocks along the inputs, and has no float32 weight at all.
/// </summary>
internal sealed class LinearLayer
{
    public LinearLayer(float[] weight, float[]? bias, int inFeatures, int outFeatures, bool weightIsOutByIn)
    {
        if (weight.Length != (long)inFeatures * outFeatures)
            throw new ArgumentException($"linear weight has {weight.Length} values, expected {inFeatures}×{outFeatures}");
        if (bias is not null && bias.Length != outFeatures)
            throw new ArgumentException($"linear bias has {bias.Length} values, expected {outFeatures}");
        _weight = weight;
        Bias = bias;
        In = inFeatures;
        Out = outFeatures;
        WeightIsOutByIn = weightIsOutByIn;
    }

    /// <summary>A Q8_0 layer ([out, in] rows of 32-input blocks) for the inference paths.</summary>
    public LinearLayer(Q8Rows weight, float[]? bias)
    {
        if (bias is not null && bias.Length != weight.Rows)
            throw new ArgumentException($"linear bias has {bias.Length} values, expected {weight.Rows}");
        Quantised = Q8Matrix.Pack(weight);
        Bias = bias;
        In = weight.Cols;
        Out = weight.Rows;
        WeightIsOutByIn = true;
    }

    private readonly float[]? _weight;

    /// <summary>The float32 weight; a Q8_0 layer has none (training and LoRA need float32 weights).</summary>
    public float[] Weight => _weight ?? throw new InvalidOperationException($"this {In}→{Out} layer holds Q8_0 weights, not float32; load the model with float32 weights to train or merge adapters");

    /// <summary>The packed Q8_0 weight, or null for a float32 layer.</summary>
    public Q8Matrix? Quantised { get; }

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
