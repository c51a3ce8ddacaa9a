using Winnow.Models.Compute;
using Winnow.Tensors;

namespace Winnow.Models.Decoders;

/// <summary>The shape and hyper-parameters of a decoder, read from config.json.</summary>
internal sealed record DecoderSpec(
    DecoderFamily Family,
    string ModelType,
    int Hidden,
    int Layers,
    int Heads,
    int KvHeads,
    int HeadSize,
    int Inner,
    int Vocab,
    int MaxPositions,
    float NormEps,
    Activation? Activation,
    RopeTable? Rope,
    int? SlidingWindow,
    bool TieWordEmbeddings)
{
    public static DecoderSpec FromConfig(ModelConfig c)
    {
        var type = c.ModelType;
        return type switch
        {
            "gpt2" => Gpt2(c),
            "llama" or "mistral" or "qwen2" => Llama(c, type),
            _ => throw new ModelFormatException($"{c.Source}: model_type '{type}' is not a supported causal LM (gpt2, llama, mistral, qwen2)"),
        };
    }

    private static DecoderSpec Gpt2(ModelConfig c)
    {
        if (c.Bool("scale_attn_by_inverse_layer_idx", false))
            throw new ModelFormatException($"{c.Source}: scale_attn_by_inverse_layer_idx = true is not supported");
        if (!c.Bool("scale_attn_weights", true))
            throw new ModelFormatException($"{c.Source}: scale_attn_weights = false is not supported");
        var hidden = c.Int("n_embd");
        var heads = c.Int("n_head");
        return new DecoderSpec(DecoderFamily.Gpt2, "gpt2", hidden, c.Int("n_layer"), heads, heads, hidden / heads,
            c.IntOrNull("n_inner") ?? 4 * hidden, c.Int("vocab_size"), c.Int("n_positions"),
            (float)c.Double("layer_norm_epsilon", 1e-5), Activations.Parse(c.String("activation_function") ?? "gelu_new", c.Source),
            Rope: null, SlidingWindow: null, TieWordEmbeddings: true);
    }

    private static DecoderSpec Llama(ModelConfig c, string type)
    {
        var act = c.String("hidden_act") ?? "silu";
        if (act != "silu")
            throw new ModelFormatException($"{c.Source}: hidden_act '{act}' is not supported for {type} (silu)");
        var hidden = c.Int("hidden_size");
        var heads = c.Int("num_attention_heads");
        var kvHeads = c.Int("num_key_value_heads", heads);
        if (heads % kvHeads != 0)
            throw new ModelFormatException($"{c.Source}: num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}");
        var headSize = c.IntOrNull("head_dim") ?? hidden / heads;
        var maxPositions = c.Int("max_position_embeddings");
        var rope = new RopeTable(headSize, maxPositions, c.Double("rope_theta", 10000), RopeConfig.Parse(c.Section("rope_scaling")));
        // Mistral always slides; Qwen2 only when use_sliding_window is set. Llama never does.
        int? window = type switch
        {
            "mistral" => c.IntOrNull("sliding_window"),
            "qwen2" when c.Bool("use_sliding_window", false) => c.IntOrNull("sliding_window"),
            _ => null,
        };
        return new DecoderSpec(DecoderFamily.Llama, type, hidden, c.Int("num_hidden_layers"), heads, kvHeads, headSize,
            c.Int("intermediate_size"), c.Int("vocab_size"), maxPositions, (float)c.Double("rms_norm_eps", 1e-6),
            Activation: null, rope, window, c.Bool("tie_word_embeddings", false));
    }

    public int QkvWidth => (Heads + 2 * KvHeads) * HeadSize;

    /// <summary>Width of the MLP's first projection: gate and up side by side for SwiGLU.</summary>
    public int UpWidth => Family == DecoderFamily.Llama ? 2 * Inner : Inner;
}
