using Winnow.Models.Compute;
using Winnow.Models.Decoders;

namespace Winnow.Models.Training;

/// <summary>
/// The trainable tensors of a decoder by Hugging Face name (as <c>save_pretrained</c> writes them for
/// GPT2LMHeadModel / LlamaForCausalLM / Qwen2ForCausalLM), each a view of the loaded <see cref="DecoderWeights"/>.
/// A tied head shares the embedding's array and is listed once, under the embedding's name.
/// </summary>
internal static class DecoderParameters
{
    public static IReadOnlyList<TrainableTensor> List(DecoderSpec s, DecoderWeights w)
    {
        var list = new List<TrainableTensor>();
        void Add(string name, float[] data, int offset, params long[] shape) =>
            list.Add(new TrainableTensor(name, shape, data, offset, checked((int)shape.Aggregate(1L, (a, b) => a * b))));
        if (s.Family == DecoderFamily.Gpt2)
        {
            Add("transformer.wte.weight", w.TokenEmbedding, 0, s.Vocab, s.Hidden);
            Add("transformer.wpe.weight", w.PositionEmbedding!, 0, s.MaxPositions, s.Hidden);
            for (var i = 0; i < s.Layers; i++)
            {
                var p = $"transformer.h.{i}.";
                var layer = w.Layers[i];
                AddNorm(list, p + "ln_1", layer.AttentionNorm);
                AddConv1D(list, p + "attn.c_attn", layer.Qkv);
                AddConv1D(list, p + "attn.c_proj", layer.Output);
                AddNorm(list, p + "ln_2", layer.MlpNorm);
                AddConv1D(list, p + "mlp.c_fc", layer.Up);
                AddConv1D(list, p + "mlp.c_proj", layer.Down);
            }
            AddNorm(list, "transformer.ln_f", w.FinalNorm);
            return list;
        }
        Add("model.embed_tokens.weight", w.TokenEmbedding, 0, s.Vocab, s.Hidden);
        var qWidth = s.Heads * s.HeadSize;
        var kvWidth = s.KvHeads * s.HeadSize;
        for (var i = 0; i < s.Layers; i++)
        {
            var p = $"model.layers.{i}.";
            var layer = w.Layers[i];
            Add(p + "input_layernorm.weight", layer.AttentionNorm.Gamma, 0, s.Hidden);
            AddStacked(list, p + "self_attn.", layer.Qkv, ("q_proj", qWidth), ("k_proj", kvWidth), ("v_proj", kvWidth));
            AddStacked(list, p + "self_attn.", layer.Output, ("o_proj", s.Hidden));
            Add(p + "post_attention_layernorm.weight", layer.MlpNorm.Gamma, 0, s.Hidden);
            AddStacked(list, p + "mlp.", layer.Up, ("gate_proj", s.Inner), ("up_proj", s.Inner));
            AddStacked(list, p + "mlp.", layer.Down, ("down_proj", s.Hidden));
        }
        Add("model.norm.weight", w.FinalNorm.Gamma, 0, s.Hidden);
        if (!ReferenceEquals(w.Head.Weight, w.TokenEmbedding))
            Add("lm_head.weight", w.Head.Weight, 0, s.Vocab, s.Hidden);
        return list;
    }

    private static void AddNorm(List<TrainableTensor> list, string name, NormWeights norm)
    {
        list.Add(new TrainableTensor(name + ".weight", [norm.Gamma.Length], norm.Gamma, 0, norm.Gamma.Length));
        if (norm.Beta is { } beta)
            list.Add(new TrainableTensor(name + ".bias", [beta.Length], beta, 0, beta.Length));
    }

    private static void AddConv1D(List<TrainableTensor> list, string name, LinearLayer layer)
    {
        list.Add(new TrainableTensor(name + ".weight", [layer.In, layer.Out], layer.Weight, 0, layer.Weight.Length));
        if (layer.Bias is { } bias)
            list.Add(new TrainableTensor(name + ".bias", [layer.Out], bias, 0, bias.Length));
    }

    /// <summary>Splits an [out, in] layer stacked from several nn.Linear layers back into their named row ranges.</summary>
    private static void AddStacked(List<TrainableTensor> list, string prefix, LinearLayer layer, params (string Name, int Out)[] parts)
    {
        var row = 0;
        foreach (var (name, outFeatures) in parts)
        {
            list.Add(new TrainableTensor(prefix + name + ".weight", [outFeatures, layer.In], layer.Weight, row * layer.In, outFeatures * layer.In));
            if (layer.Bias is { } bias)
                list.Add(new TrainableTensor(prefix + name + ".bias", [outFeatures], bias, row, outFeatures));
            row += outFeatures;
        }
    }
}
