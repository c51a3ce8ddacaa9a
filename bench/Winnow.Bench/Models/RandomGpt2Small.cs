using Winnow.Models;

namespace Winnow.Bench.Models;

/// <summary>
/// A GPT-2-small-shaped model (12 layers, 768 wide, 12 heads, 1024 positions, vocab 50,257, tied head) with random
/// weights of GPT-2's init scale, built in memory: the cost of real GPT-2 weights without downloading them. Shared
/// by the forward-pass and the IFD timing commands.
/// </summary>
public static class RandomGpt2Small
{
    public const int Layers = 12, Width = 768, Heads = 12, Vocab = 50257, Positions = 1024;

    public static ICausalLanguageModel Build(ModelOptions options) => CausalLM.Load(Config(), Weights(), options);

    internal static ModelConfig Config() => ModelConfig.Parse(
        $"{{\"model_type\":\"gpt2\",\"n_embd\":{Width},\"n_head\":{Heads},\"n_layer\":{Layers},\"n_positions\":{Positions}," +
        $"\"vocab_size\":{Vocab},\"layer_norm_epsilon\":1e-5,\"activation_function\":\"gelu_new\"}}", "gpt2-small (random)");

    /// <summary>GPT-2-small-shaped weights, uniform with GPT-2's init scale (std 0.02), norms near 1.</summary>
    internal static InMemoryWeights Weights()
    {
        var w = new InMemoryWeights("gpt2-small (random)");
        var state = 0x9E3779B97F4A7C15UL;
        float[] Values(long count, float centre, float spread)
        {
            var v = new float[count];
            for (long i = 0; i < count; i++)
            {
                // xorshift64*: fast enough to fill 124 M weights in about a second.
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                var unit = ((state * 0x2545F4914F6CDD1DUL) >> 40) / (float)(1 << 24);
                v[i] = centre + spread * (2 * unit - 1);
            }
            return v;
        }
        const float spread = 0.0346f; // uniform ±0.0346 has std 0.02
        w.Add("wte.weight", Values((long)Vocab * Width, 0, spread), Vocab, Width);
        w.Add("wpe.weight", Values((long)Positions * Width, 0, spread), Positions, Width);
        void Conv1D(string name, int inFeatures, int outFeatures)
        {
            w.Add(name + ".weight", Values((long)inFeatures * outFeatures, 0, spread), inFeatures, outFeatures);
            w.Add(name + ".bias", Values(outFeatures, 0, spread), outFeatures);
        }
        void Norm(string name)
        {
            w.Add(name + ".weight", Values(Width, 1, 0.1f), Width);
            w.Add(name + ".bias", Values(Width, 0, 0.1f), Width);
        }
        for (var i = 0; i < Layers; i++)
        {
            Norm($"h.{i}.ln_1");
            Norm($"h.{i}.ln_2");
            Conv1D($"h.{i}.attn.c_attn", Width, 3 * Width);
            Conv1D($"h.{i}.attn.c_proj", Width, Width);
            Conv1D($"h.{i}.mlp.c_fc", Width, 4 * Width);
            Conv1D($"h.{i}.mlp.c_proj", 4 * Width, Width);
        }
        Norm("ln_f");
        return w;
    }
}
