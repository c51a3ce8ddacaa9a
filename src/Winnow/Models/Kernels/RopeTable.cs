namespace Winnow.Models.Kernels;

/// <summary>
/// Rotary position embedding in the Hugging Face Llama convention ("rotate half": dimension i pairs with i + d/2).
/// Inverse frequencies follow <c>rope_theta</c> and the <c>rope_scaling</c> types Llama-family checkpoints use
/// (none/"default", "linear", "llama3"); they and the angles are computed in float32 as transformers does, so
/// cos/sin match its tables. Cos/sin are tabulated once per model for every position up to the maximum.
/// </summary>
internal sealed class RopeTable
{
    private readonly float[] _cos;
    private readonly float[] _sin;

    public RopeTable(int headSize, int maxPositions, double theta, ModelConfig? scaling)
    {
        if (headSize % 2 != 0)
            throw new ModelFormatException($"rotary embeddings need an even head size, got {headSize}");
        HeadSize = headSize;
        MaxPositions = maxPositions;
        var inverse = InverseFrequencies(headSize, theta, scaling);
        var half = headSize / 2;
        _cos = new float[maxPositions * half];
        _sin = new float[maxPositions * half];
        for (var p = 0; p < maxPositions; p++)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = (float)p * inverse[i];
                _cos[p * half + i] = MathF.Cos(angle);
                _sin[p * half + i] = MathF.Sin(angle);
            }
        }
    }

    public int HeadSize { get; }

    public int MaxPositions { get; }

    internal static float[] InverseFrequencies(int headSize, double theta, ModelConfig? scaling)
    {
        var half = headSize / 2;
        var inverse = new float[half];
        for (var i = 0; i < half; i++)
            inverse[i] = 1f / MathF.Pow((float)theta, 2 * i / (float)headSize);
        if (scaling is null)
            return inverse;
        var type = scaling.String("rope_type") ?? scaling.String("type") ?? "default";
        switch (type)
        {
            case "default":
                return inverse;
            case "linear":
                // Dividing the position by the factor is the same as dividing every frequency by it.
                var factor = (float)scaling.Double("factor");
                return inverse.Select(f => f / factor).ToArray();
            case "llama3":
                return Llama3(inverse, scaling);
            default:
                throw new ModelFormatException($"{scaling.Source}: rope_scaling type '{type}' is not supported (default, linear, llama3)");
        }
    }

    /// <summary>
    /// Llama 3.1 scaling: wavelengths shorter than original_context / high_freq_factor keep their frequency,
    /// longer than original_context / low_freq_factor are divided by factor, and the band between is interpolated.
    /// </summary>
    private static float[] Llama3(float[] inverse, ModelConfig scaling)
    {
        var factor = scaling.Double("factor");
        var low = scaling.Double("low_freq_factor");
        var high = scaling.Double("high_freq_factor");
        var original = (double)scaling.Int("original_max_position_embeddings");
        var lowWavelength = original / low;
        var highWavelength = original / high;
        var result = new float[inverse.Length];
        for (var i = 0; i < inverse.Length; i++)
        {
            double frequency = inverse[i];
            var wavelength = 2 * Math.PI / frequency;
            if (wavelength < highWavelength)
            {
                result[i] = (float)frequency;
            }
            else if (wavelength > lowWavelength)
            {
                result[i] = (float)(frequency / factor);
            }
            else
            {
                var smooth = (original / wavelength - low) / (high - low);
                result[i] = (float)((1 - smooth) * frequency / factor + smooth * frequency);
            }
        }
        return result;
    }

    /// <summary>Rotates one head vector in place for the given position.</summary>
    public void Apply(Span<float> head, int position)
    {
        var half = HeadSize / 2;
        var cos = _cos.AsSpan(position * half, half);
        var sin = _sin.AsSpan(position * half, half);
        for (var i = 0; i < half; i++)
        {
            var a = head[i];
            var b = head[i + half];
            head[i] = a * cos[i] - b * sin[i];
            head[i + half] = b * cos[i] + a * sin[i];
        }
    }
}
