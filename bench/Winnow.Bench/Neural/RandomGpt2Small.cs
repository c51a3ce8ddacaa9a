using Winnow.Models;

namespace Winnow.Bench.Neural;

/// <summary>
/// A GPT-2-small-shaped model (12 layers, 768 wide, 12 heads, 1024 positions, vocab 50,257, tied head) with random
/// weights of GPT-2's init scale, built in memory: the cost of real GPT-2 weights without downloading them.
/// </summary>
public static class RandomGpt2Small
{
    private const int Layers = 12, Width = 768, Heads = 12, Vocab = 50257, Positions = 1024;

    public static ICausalLanguageModel Build(ModelOptions options)
    {
        var config = ModelConfig.Parse(
            $"{{\"model_type\":\"gpt2\",\"n_embd\":{Width},\"n_head\":{Heads},\"n_layer\":{Layers},\"n_positions\":{Positions}," +
            $"\"vocab_size\":{Vocab},\"layer_norm_epsilon\":1e-5,\"activation_function\":\"gelu_new\"}}", "gpt2-small (random)");
        return CausalLM.Load(config, Weights(), options);
    }

    private static InMemoryWeights Weights()
    {
        var weights = new InMemoryWeights("gpt2-small (random)");
        var random = new Random(17);
        float[] Values(long count, float centre, float spread)
        {
            var v = new float[count];
            for (long i = 0; i < count; i++)
                v[i] = centre + spread * (2 * random.NextSingle() - 1);
            return v;
        }
        const float spread = 0.0346f; // uniform ±0.0346 has GPT-2's init std 0.02
        weights.Add("wte.weight", Values((long)Vocab * Width, 0, spread), Vocab, Width);
        weights.Add("wpe.weight", Values((long)Positions * Width, 0, spread), Positions, Width);
        void Linear(string name, int inFeatures, int outFeatures)
        {
            weights.Add(name + ".weight", Values((long)inFeatures * outFeatures, 0, spread), inFeatures, outFeatures);
            weights.Add(name + ".bias", Values(outFeatures, 0, spread), outFeatures);
        }
        void Norm(string name)
        {
            weights.Add(name + ".weight", Values(Width, 1, 0.1f), Width);
            weights.Add(name + ".bias", Values(Width, 0, 0.1f), Width);
        }
        for (var i = 0; i < Layers; i++)
        {
            Norm($"h.{i}.ln_1");
            Norm($"h.{i}.ln_2");
            Linear($"h.{i}.attn.c_attn", Width, 3 * Width);
            Linear($"h.{i}.attn.c_proj", Width, Width);
            Linear($"h.{i}.mlp.c_fc", Width, 4 * Width);
            Linear($"h.{i}.mlp.c_proj", 4 * Width, Width);
        }
        Norm("ln_f");
        return weights;
    }
}
