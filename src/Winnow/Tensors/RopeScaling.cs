namespace Winnow.Tensors;

/// <summary>How RoPE inverse frequencies are rescaled for long context (config <c>rope_scaling.rope_type</c>).</summary>
public enum RopeScalingType
{
    /// <summary>No scaling (<c>rope_scaling: null</c> or <c>"default"</c>).</summary>
    None,

    /// <summary><c>"linear"</c> (position interpolation): every inverse frequency divided by <c>Factor</c>.</summary>
    Linear,

    /// <summary><c>"llama3"</c> (Llama 3.1+): low frequencies divided by <c>Factor</c>, high ones kept, a smooth blend between.</summary>
    Llama3,
}

/// <summary>
/// RoPE scaling parameters as they appear in a Hugging Face <c>config.json</c> <c>rope_scaling</c> object.
/// <see cref="LowFreqFactor"/>, <see cref="HighFreqFactor"/> and <see cref="OriginalMaxPositionEmbeddings"/> are
/// read only by <see cref="RopeScalingType.Llama3"/>.
/// </summary>
public sealed record RopeScaling(
    RopeScalingType Type,
    float Factor,
    float LowFreqFactor = 1f,
    float HighFreqFactor = 4f,
    int OriginalMaxPositionEmbeddings = 8192);
