namespace Winnow.Tensors;

/// <summary>
/// Precomputed rotary position embedding (RoPE) tables, Hugging Face Llama convention ("rotate half"): for head
/// dimension d, element i is paired with element i + d/2 and rotated by angle <c>position · invFreq[i]</c>:
/// <code>
/// y[i]       = x[i]·cos − x[i + d/2]·sin
/// y[i + d/2] = x[i + d/2]·cos + x[i]·sin
/// </code>
/// with <c>invFreq[i] = 1 / theta^(2i/d)</c>, then <see cref="RopeScaling"/> applied as HF's
/// <c>modeling_rope_utils</c> does.
/// </summary>
/// <remarks>
/// Inverse frequencies and angles are formed in fp32 in the same order as HF (the exponent 2i/d in fp32, the angle
/// as the fp32 product position·invFreq), and cos/sin are taken of that fp32 angle, so tables match HF's
/// <c>cos_cached</c>/<c>sin_cached</c> to rounding. Memory: 2 · maxPositions · d/2 floats.
/// </remarks>
public sealed class RopeTable
{
    private readonly float[] _invFreq;
    private readonly float[] _cos; // [maxPositions × d/2]
    private readonly float[] _sin;

    /// <param name="headDim">Rotary dimension d (the head dimension for Llama/Qwen2/Mistral); even, ≥ 2.</param>
    /// <param name="maxPositions">Positions 0 … maxPositions − 1 are tabulated.</param>
    /// <param name="theta">Config <c>rope_theta</c> (10000 for Llama 2, 500000 for Llama 3, 1e6 for Qwen2).</param>
    /// <param name="scaling">Config <c>rope_scaling</c>, or null for none.</param>
    public RopeTable(int headDim, int maxPositions, double theta, RopeScaling? scaling = null)
    {
        if (headDim < 2 || headDim % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(headDim), headDim, "RoPE head dimension must be even and at least 2");
        ArgumentOutOfRangeException.ThrowIfNegative(maxPositions);
        if (!(theta > 0))
            throw new ArgumentOutOfRangeException(nameof(theta), theta, "rope_theta must be positive");
        HeadDim = headDim;
        MaxPositions = maxPositions;
        _invFreq = InverseFrequencies(headDim, theta, scaling);
        var half = headDim / 2;
        _cos = new float[maxPositions * half];
        _sin = new float[maxPositions * half];
        for (var pos = 0; pos < maxPositions; pos++)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = (float)pos * _invFreq[i];
                _cos[pos * half + i] = (float)Math.Cos(angle);
                _sin[pos * half + i] = (float)Math.Sin(angle);
            }
        }
    }

    /// <summary>Rotary dimension d.</summary>
    public int HeadDim { get; }

    /// <summary>Number of tabulated positions.</summary>
    public int MaxPositions { get; }

    /// <summary>The d/2 inverse frequencies after scaling (HF's <c>inv_freq</c> buffer).</summary>
    public ReadOnlySpan<float> InvFreq => _invFreq;

    /// <summary>cos of the d/2 angles at <paramref name="position"/> (the first half of HF's <c>cos</c> row; the second half repeats it).</summary>
    public ReadOnlySpan<float> Cos(int position) => _cos.AsSpan(CheckPosition(position) * (HeadDim / 2), HeadDim / 2);

    /// <summary>sin of the d/2 angles at <paramref name="position"/>.</summary>
    public ReadOnlySpan<float> Sin(int position) => _sin.AsSpan(CheckPosition(position) * (HeadDim / 2), HeadDim / 2);

    /// <summary>
    /// HF inverse frequencies: <c>1 / theta^(arange(0, d, 2) / d)</c> in fp32, then linear or llama3 scaling.
    /// </summary>
    public static float[] InverseFrequencies(int headDim, double theta, RopeScaling? scaling)
    {
        var half = headDim / 2;
        var inv = new float[half];
        for (var i = 0; i < half; i++)
        {
            var exponent = (float)(2 * i) / headDim;
            inv[i] = 1f / (float)Math.Pow((float)theta, exponent);
        }
        switch (scaling?.Type ?? RopeScalingType.None)
        {
            case RopeScalingType.None:
                break;
            case RopeScalingType.Linear:
                for (var i = 0; i < half; i++)
                    inv[i] /= scaling!.Factor;
                break;
            case RopeScalingType.Llama3:
                ApplyLlama3(inv, scaling!);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scaling), scaling!.Type, "unknown RoPE scaling type");
        }
        return inv;
    }

    /// <summary>
    /// Llama 3.1 scaling: wavelengths longer than <c>original / lowFreqFactor</c> are slowed by <c>factor</c>,
    /// shorter than <c>original / highFreqFactor</c> are kept, and the band between is a linear blend in
    /// <c>original / wavelen</c>.
    /// </summary>
    private static void ApplyLlama3(float[] inv, RopeScaling s)
    {
        if (!(s.HighFreqFactor > s.LowFreqFactor))
            throw new ArgumentException($"llama3 rope_scaling needs high_freq_factor ({s.HighFreqFactor}) > low_freq_factor ({s.LowFreqFactor})", nameof(s));
        float original = s.OriginalMaxPositionEmbeddings;
        var lowFreqWavelen = original / s.LowFreqFactor;
        var highFreqWavelen = original / s.HighFreqFactor;
        for (var i = 0; i < inv.Length; i++)
        {
            var wavelen = (float)(2 * Math.PI) / inv[i];
            if (wavelen > lowFreqWavelen)
            {
                inv[i] /= s.Factor;
            }
            else if (!(wavelen < highFreqWavelen))
            {
                var smooth = (original / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
                inv[i] = (1 - smooth) * inv[i] / s.Factor + smooth * inv[i];
            }
        }
    }

    private int CheckPosition(int position)
    {
        if ((uint)position >= (uint)MaxPositions)
            throw new ArgumentOutOfRangeException(nameof(position), position, $"RoPE table holds positions 0..{MaxPositions - 1}");
        return position;
    }
}
