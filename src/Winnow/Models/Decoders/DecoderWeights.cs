using Winnow.Models.Compute;

namespace Winnow.Models.Decoders;

internal sealed record DecoderLayer(NormWeights AttentionNorm, LinearLayer Qkv, LinearLayer Output, NormWeights MlpNorm, LinearLayer Up, LinearLayer Down);

/// <summary>
/// A decoder's weights by Hugging Face name, with or without the base-model prefix. Llama-family q/k/v and gate/up
/// projections are stacked into one layer each at load so a block runs two wide GEMMs instead of five narrow ones;
/// GPT-2's Conv1D weights are used in their stored [in, out] layout.
/// </summary>
internal sealed record DecoderWeights(float[] TokenEmbedding, float[]? PositionEmbedding, DecoderLayer[] Layers, NormWeights FinalNorm, LinearLayer Head)
{
    public static DecoderWeights Load(DecoderSpec spec, IWeightSource source) =>
        spec.Family == DecoderFamily.Gpt2 ? LoadGpt2(spec, source) : LoadLlama(spec, source);

    private static DecoderWeights LoadGpt2(DecoderSpec s, IWeightSource source)
    {
        var w = PrefixedWeights.Detect(source, "wte.weight", "transformer.", "");
        long d = s.Hidden;
        NormWeights Norm(string name) => new(w.Load(name + ".weight", d), w.Load(name + ".bias", d), s.NormEps);
        LinearLayer Conv1D(string name, int inFeatures, int outFeatures) =>
            new(w.Load(name + ".weight", inFeatures, outFeatures), w.Load(name + ".bias", outFeatures), inFeatures, outFeatures, weightIsOutByIn: false);
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
        var embedding = w.Load("wte.weight", s.Vocab, d);
        return new DecoderWeights(embedding, w.Load("wpe.weight", s.MaxPositions, d), layers, Norm("ln_f"),
            ResolveHead(s, w.Root, embedding));
    }

    private static DecoderWeights LoadLlama(DecoderSpec s, IWeightSource source)
    {
        var w = PrefixedWeights.Detect(source, "embed_tokens.weight", "model.", "");
        NormWeights Norm(string name) => new(w.Load(name, s.Hidden), null, s.NormEps);
        LinearLayer Linear(string name, int inFeatures, int outFeatures) =>
            new(w.Load(name + ".weight", outFeatures, inFeatures),
                w.Contains(name + ".bias") ? w.Load(name + ".bias", outFeatures) : null,
                inFeatures, outFeatures, weightIsOutByIn: true);
        var layers = new DecoderLayer[s.Layers];
        var qWidth = s.Heads * s.HeadSize;
        var kvWidth = s.KvHeads * s.HeadSize;
        for (var i = 0; i < s.Layers; i++)
        {
            var p = $"layers.{i}.";
            var qkv = LinearLayer.StackOutputs(
                Linear(p + "self_attn.q_proj", s.Hidden, qWidth),
                Linear(p + "self_attn.k_proj", s.Hidden, kvWidth),
                Linear(p + "self_attn.v_proj", s.Hidden, kvWidth));
            var gateUp = LinearLayer.StackOutputs(
                Linear(p + "mlp.gate_proj", s.Hidden, s.Inner),
                Linear(p + "mlp.up_proj", s.Hidden, s.Inner));
            layers[i] = new DecoderLayer(
                Norm(p + "input_layernorm.weight"),
                qkv,
                Linear(p + "self_attn.o_proj", qWidth, s.Hidden),
                Norm(p + "post_attention_layernorm.weight"),
                gateUp,
                Linear(p + "mlp.down_proj", s.Inner, s.Hidden));
        }
        var embedding = w.Load("embed_tokens.weight", s.Vocab, s.Hidden);
        return new DecoderWeights(embedding, null, layers, Norm("norm.weight"), ResolveHead(s, w.Root, embedding));
    }

    /// <summary>
    /// The vocabulary projection: <c>lm_head.weight</c> when the checkpoint stores one, else the token embedding when
    /// the embeddings are tied (GPT-2 always; others per <c>tie_word_embeddings</c>).
    /// </summary>
    private static LinearLayer ResolveHead(DecoderSpec s, IWeightSource root, float[] embedding)
    {
        if (root.Contains("lm_head.weight"))
            return new LinearLayer(root.Load("lm_head.weight", s.Vocab, s.Hidden), null, s.Hidden, s.Vocab, weightIsOutByIn: true);
        if (!s.TieWordEmbeddings)
            throw new ModelFormatException($"{root.Name}: tie_word_embeddings is false but the weights have no 'lm_head.weight'");
        return new LinearLayer(embedding, null, s.Hidden, s.Vocab, weightIsOutByIn: true);
    }
}
