using Winnow.Models.Compute;
using Winnow.Tensors.Quantised;

namespace Winnow.Models.Decoders;

internal sealed record DecoderLayer(NormWeights AttentionNorm, LinearLayer Qkv, LinearLayer Output, NormWeights MlpNorm, LinearLayer Up, LinearLayer Down);

/// <summary>
/// A decoder's weights by Hugging Face name, with or without the base-model prefix. Llama-family q/k/v and gate/up
/// projections are stacked into one layer each at load so a block runs two wide GEMMs instead of five narrow ones;
/// GPT-2's Conv1D weights are used in their stored [in, out] layout. With <see cref="WeightFormat.Q8_0"/> the linear
/// weights and the token embedding are held as Q8_0 blocks (<see cref="QuantisedTokenEmbedding"/> replaces
/// <see cref="TokenEmbedding"/>, which is then empty).
/// </summary>
internal sealed record DecoderWeights(float[] TokenEmbedding, float[]? PositionEmbedding, DecoderLayer[] Layers, NormWeights FinalNorm, LinearLayer Head)
{
    /// <summary>The Q8_0 token embedding (a tied one is the vocabulary head's own packed weight), or null for float32.</summary>
    public IQ8RowLookup? QuantisedTokenEmbedding { get; init; }

    public static DecoderWeights Load(DecoderSpec spec, IWeightSource source) => Load(spec, source, WeightFormat.Float32);

    public static DecoderWeights Load(DecoderSpec spec, IWeightSource source, WeightFormat format) =>
        spec.Family == DecoderFamily.Gpt2 ? LoadGpt2(spec, source, format) : LoadLlama(spec, source, format);

    private static DecoderWeights LoadGpt2(DecoderSpec s, IWeightSource source, WeightFormat format)
    {
        var w = PrefixedWeights.Detect(source, "wte.weight", "transformer.", "");
        long d = s.Hidden;
        NormWeights Norm(string name) => new(w.Load(name + ".weight", d), w.Load(name + ".bias", d), s.NormEps);
        LinearLayer Conv1D(string name, int inFeatures, int outFeatures)
        {
            var bias = w.Load(name + ".bias", outFeatures);
            if (!Quantise(format, inFeatures))
                return new(w.Load(name + ".weight", inFeatures, outFeatures), bias, inFeatures, outFeatures, weightIsOutByIn: false);
            var rows = w.LoadQ8Rows(name + ".weight", outFeatures, inFeatures)
                ?? Q8Rows.Quantise(Winnow.Tensors.Transpose.Of(w.Load(name + ".weight", inFeatures, outFeatures), inFeatures, outFeatures), outFeatures, inFeatures);
            return new LinearLayer(rows, bias);
        }
        var layers = new DecoderLayer[s.Layers];
        for (var i = 0; i < s.Layers; i++)
        {
            var p = $"h.{i}.";
            layers[i] = new DecoderLayer(
                Norm(p + "ln_1"),
                Conv1D(p + "attn.c_attn", s.Hidden, 3 * s.Hidden),
                Conv1D(p + "attn.c_proj", s.Hidden, s.Hidden),
                Norm(p + "ln_2"),
                Conv1D(p + "mlp.c_fc", s.Hidden, s.Inner),
                Conv1D(p + "mlp.c_proj", s.Inner, s.Hidden));
        }
        return Finish(s, w, "wte.weight", w.Load("wpe.weight", s.MaxPositions, d), layers, Norm("ln_f"), format);
    }

    private static DecoderWeights LoadLlama(DecoderSpec s, IWeightSource source, WeightFormat format)
    {
        var w = PrefixedWeights.Detect(source, "embed_tokens.weight", "model.", "");
        NormWeights Norm(string name) => new(w.Load(name, s.Hidden), null, s.NormEps);
        float[]? Bias(string name, int outFeatures) => w.Contains(name + ".bias") ? w.Load(name + ".bias", outFeatures) : null;
        // Projections that read the same input are stacked into one layer (rows of q, k, v; of gate, up).
        LinearLayer Linear(int inFeatures, params (string Name, int Out)[] parts)
        {
            float[]? bias = null;
            if (parts.Any(p => w.Contains(p.Name + ".bias")))
                bias = parts.SelectMany(p => Bias(p.Name, p.Out) ?? new float[p.Out]).ToArray();
            if (Quantise(format, inFeatures))
                return new LinearLayer(Q8Rows.Stack(parts.Select(p => LoadQ8(w, p.Name + ".weight", p.Out, inFeatures)).ToArray()), bias);
            var floats = parts.Select(p => new LinearLayer(w.Load(p.Name + ".weight", p.Out, inFeatures), null, inFeatures, p.Out, weightIsOutByIn: true)).ToArray();
            var stacked = floats.Length == 1 ? floats[0] : LinearLayer.StackOutputs(floats);
            return new LinearLayer(stacked.Weight, bias, inFeatures, stacked.Out, weightIsOutByIn: true);
        }
        var layers = new DecoderLayer[s.Layers];
        var qWidth = s.Heads * s.HeadSize;
        var kvWidth = s.KvHeads * s.HeadSize;
        for (var i = 0; i < s.Layers; i++)
        {
            var p = $"layers.{i}.";
            layers[i] = new DecoderLayer(
                Norm(p + "input_layernorm.weight"),
                Linear(s.Hidden, (p + "self_attn.q_proj", qWidth), (p + "self_attn.k_proj", kvWidth), (p + "self_attn.v_proj", kvWidth)),
                Linear(qWidth, (p + "self_attn.o_proj", s.Hidden)),
                Norm(p + "post_attention_layernorm.weight"),
                Linear(s.Hidden, (p + "mlp.gate_proj", s.Inner), (p + "mlp.up_proj", s.Inner)),
                Linear(s.Inner, (p + "mlp.down_proj", s.Hidden)));
        }
        return Finish(s, w, "embed_tokens.weight", null, layers, Norm("norm.weight"), format);
    }

    /// <summary>
    /// The token embedding and the vocabulary projection: <c>lm_head.weight</c> when the checkpoint stores one, else the
    /// token embedding when the embeddings are tied (GPT-2 always; others per <c>tie_word_embeddings</c>). In Q8_0 a tied
    /// embedding is read back from the head's packed weight, so it is held once.
    /// </summary>
    private static DecoderWeights Finish(DecoderSpec s, PrefixedWeights w, string embeddingName, float[]? positions, DecoderLayer[] layers, NormWeights finalNorm, WeightFormat format)
    {
        var root = w.Root;
        var untied = root.Contains("lm_head.weight");
        if (!untied && !s.TieWordEmbeddings)
            throw new ModelFormatException($"{root.Name}: tie_word_embeddings is false but the weights have no 'lm_head.weight'");
        if (!Quantise(format, s.Hidden))
        {
            var embedding = w.Load(embeddingName, s.Vocab, s.Hidden);
            var head = untied ? new LinearLayer(root.Load("lm_head.weight", s.Vocab, s.Hidden), null, s.Hidden, s.Vocab, weightIsOutByIn: true)
                : new LinearLayer(embedding, null, s.Hidden, s.Vocab, weightIsOutByIn: true);
            return new DecoderWeights(embedding, positions, layers, finalNorm, head);
        }
        var embeddingRows = LoadQ8(w, embeddingName, s.Vocab, s.Hidden);
        var quantisedHead = new LinearLayer(untied ? LoadQ8(new PrefixedWeights(root, ""), "lm_head.weight", s.Vocab, s.Hidden) : embeddingRows, null);
        return new DecoderWeights([], positions, layers, finalNorm, quantisedHead)
        {
            QuantisedTokenEmbedding = untied ? embeddingRows : quantisedHead.Quantised,
        };
    }

    /// <summary>Q8_0 holds layers whose inputs are whole 32-blocks; others stay float32, as the GGUF converter keeps them.</summary>
    private static bool Quantise(WeightFormat format, int inFeatures) => format == WeightFormat.Q8_0 && inFeatures % Q8Rows.Block == 0;

    /// <summary>An [out, in] weight as stored in Q8_0, or its float32 values quantised as ggml's reference quantiser does.</summary>
    private static Q8Rows LoadQ8(PrefixedWeights w, string name, int outFeatures, int inFeatures) =>
        w.LoadQ8Rows(name, outFeatures, inFeatures) ?? Q8Rows.Quantise(w.Load(name, outFeatures, inFeatures), outFeatures, inFeatures);
}
