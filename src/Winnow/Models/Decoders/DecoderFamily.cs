namespace Winnow.Models.Decoders;

/// <summary>The two decoder layouts the engine runs.</summary>
internal enum DecoderFamily
{
    /// <summary>GPT-2: learned positions, pre-LayerNorm with bias, fused Conv1D q/k/v, GELU MLP, tied head.</summary>
    Gpt2,

    /// <summary>Llama, Mistral, Qwen2: RoPE, RMSNorm, grouped-query attention (optional q/k/v bias), SwiGLU MLP.</summary>
    Llama,
}
