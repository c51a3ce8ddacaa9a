using Winnow.Models;

namespace Winnow.Tests.Models;

/// <summary>
/// One-layer models with random weights and sizes that are not multiples of any vector width (and sequences longer
/// than the fast attention's 64-query block): the reference and fast kernels must agree, and a row must give the
/// same result alone as in a batch.
/// </summary>
public class ReferenceVersusFastTests
{
    private const double Tolerance = 1e-4;
    private static readonly int[] Lengths = [1, 17, 67, 3];

    [Fact]
    public void Gpt2LayerAgrees()
    {
        var config = ModelConfig.Parse(
            "{\"model_type\":\"gpt2\",\"n_embd\":36,\"n_head\":3,\"n_layer\":1,\"n_inner\":50,\"n_positions\":70,\"vocab_size\":97,\"layer_norm_epsilon\":1e-5}", "gpt2-random");
        var w = new RandomWeights(11);
        w.Conv1D("h.0.attn.c_attn", 36, 108).Conv1D("h.0.attn.c_proj", 36, 36).Conv1D("h.0.mlp.c_fc", 36, 50).Conv1D("h.0.mlp.c_proj", 50, 36);
        w.Norm("h.0.ln_1", 36, bias: true).Norm("h.0.ln_2", 36, bias: true).Norm("ln_f", 36, bias: true);
        w.Matrix("wte.weight", 97, 36).Matrix("wpe.weight", 70, 36);
        CompareCausal(config, w.Source, 97);
    }

    [Fact]
    public void Qwen2LayerWithBiasGqaAndLlama3RopeAgrees()
    {
        var config = ModelConfig.Parse(
            "{\"model_type\":\"qwen2\",\"hidden_size\":40,\"num_attention_heads\":4,\"num_key_value_heads\":2,\"num_hidden_layers\":1," +
            "\"intermediate_size\":67,\"vocab_size\":103,\"max_position_embeddings\":80,\"rms_norm_eps\":1e-6,\"rope_theta\":500000," +
            "\"rope_scaling\":{\"rope_type\":\"llama3\",\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,\"original_max_position_embeddings\":16}," +
            "\"tie_word_embeddings\":false}", "qwen2-random");
        var w = new RandomWeights(12);
        w.Linear("model.layers.0.self_attn.q_proj", 40, 40, bias: true).Linear("model.layers.0.self_attn.k_proj", 40, 20, bias: true)
            .Linear("model.layers.0.self_attn.v_proj", 40, 20, bias: true).Linear("model.layers.0.self_attn.o_proj", 40, 40, bias: false)
            .Linear("model.layers.0.mlp.gate_proj", 40, 67, bias: false).Linear("model.layers.0.mlp.up_proj", 40, 67, bias: false)
            .Linear("model.layers.0.mlp.down_proj", 67, 40, bias: false)
            .Norm("model.layers.0.input_layernorm", 40, bias: false).Norm("model.layers.0.post_attention_layernorm", 40, bias: false)
            .Norm("model.norm", 40, bias: false).Matrix("model.embed_tokens.weight", 103, 40).Matrix("lm_head.weight", 103, 40);
        CompareCausal(config, w.Source, 103);
    }

    [Fact]
    public void XlmrLayerAgrees()
    {
        var config = ModelConfig.Parse(
            "{\"model_type\":\"xlm-roberta\",\"hidden_size\":36,\"num_attention_heads\":3,\"num_hidden_layers\":1,\"intermediate_size\":53," +
            "\"vocab_size\":91,\"max_position_embeddings\":72,\"type_vocab_size\":1,\"layer_norm_eps\":1e-5,\"pad_token_id\":1,\"hidden_act\":\"gelu\"}", "xlmr-random");
        var w = new RandomWeights(13);
        const string p = "roberta.encoder.layer.0.";
        w.Linear(p + "attention.self.query", 36, 36, bias: true).Linear(p + "attention.self.key", 36, 36, bias: true)
            .Linear(p + "attention.self.value", 36, 36, bias: true).Linear(p + "attention.output.dense", 36, 36, bias: true)
            .Linear(p + "intermediate.dense", 36, 53, bias: true).Linear(p + "output.dense", 53, 36, bias: true)
            .Norm(p + "attention.output.LayerNorm", 36, bias: true).Norm(p + "output.LayerNorm", 36, bias: true)
            .Norm("roberta.embeddings.LayerNorm", 36, bias: true).Matrix("roberta.embeddings.word_embeddings.weight", 91, 36)
            .Matrix("roberta.embeddings.position_embeddings.weight", 72, 36).Matrix("roberta.embeddings.token_type_embeddings.weight", 1, 36)
            .Linear("roberta.pooler.dense", 36, 36, bias: true);
        var rows = RandomRows(91, 14, firstId: 2);
        var fast = Encoder.Load(config, w.Source, new ModelOptions { Threads = 2 });
        var reference = Encoder.Load(config, w.Source, new ModelOptions { UseReferenceKernels = true });
        var expected = reference.LastHiddenStates(rows);
        var actual = fast.LastHiddenStates(rows);
        for (var r = 0; r < rows.Length; r++)
        {
            Close.Assert(expected[r], actual[r], Tolerance, $"xlmr row {r} (length {rows[r].Length}) hidden states fast vs reference");
            Close.Assert(actual[r], fast.LastHiddenStates([rows[r]])[0], Tolerance, $"xlmr row {r} batched vs alone");
        }
        Close.Assert(reference.Pooled(rows).SelectMany(x => x).ToArray(), fast.Pooled(rows).SelectMany(x => x).ToArray(), Tolerance, "xlmr pooler");
    }

    private static void CompareCausal(ModelConfig config, IWeightSource weights, int vocab)
    {
        var rows = RandomRows(vocab, 21, firstId: 0);
        var fast = CausalLM.Load(config, weights, new ModelOptions { Threads = 2 });
        var reference = CausalLM.Load(config, weights, new ModelOptions { UseReferenceKernels = true });
        var positions = rows.Select(r => Enumerable.Range(0, r.Length).ToArray()).ToArray();
        var expected = reference.Logits(rows, positions);
        var actual = fast.Logits(rows, positions);
        var scored = rows.Select(r => (1, r.Length)).ToArray();
        var expectedLogProbs = reference.TokenLogProbs(rows, scored);
        var actualLogProbs = fast.TokenLogProbs(rows, scored);
        var hidden = fast.AllHiddenStates(rows);
        var last = fast.LastHiddenStates(rows);
        for (var r = 0; r < rows.Length; r++)
        {
            var name = $"{config.Source} row {r} (length {rows[r].Length})";
            Close.Assert(expected[r], actual[r], Tolerance, name + " logits fast vs reference");
            Close.Assert(expectedLogProbs[r], actualLogProbs[r], Tolerance, name + " token log-probs fast vs reference");
            Close.Assert(actual[r], fast.Logits([rows[r]], [positions[r]])[0], Tolerance, name + " batched vs alone");
            Assert.Equal(fast.LayerCount + 1, hidden[r].Length);
            Close.Assert(last[r], hidden[r][^1], 0, name + " last of AllHiddenStates vs LastHiddenStates");
        }
    }

    private static int[][] RandomRows(int vocab, int seed, int firstId)
    {
        var random = new Random(seed);
        return Lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(firstId, vocab)).ToArray()).ToArray();
    }

    /// <summary>Uniform random weights in ±0.3, norm scales near 1, generated from a seed.</summary>
    private sealed class RandomWeights(int seed)
    {
        private readonly Random _random = new(seed);

        public InMemoryWeights Source { get; } = new();

        public RandomWeights Matrix(string name, int rows, int columns)
        {
            Source.Add(name, Values(rows * columns, 0, 0.3), rows, columns);
            return this;
        }

        public RandomWeights Linear(string name, int inFeatures, int outFeatures, bool bias)
        {
            Source.Add(name + ".weight", Values(inFeatures * outFeatures, 0, 0.3), outFeatures, inFeatures);
            if (bias)
                Source.Add(name + ".bias", Values(outFeatures, 0, 0.1), outFeatures);
            return this;
        }

        public RandomWeights Conv1D(string name, int inFeatures, int outFeatures)
        {
            Source.Add(name + ".weight", Values(inFeatures * outFeatures, 0, 0.3), inFeatures, outFeatures);
            Source.Add(name + ".bias", Values(outFeatures, 0, 0.1), outFeatures);
            return this;
        }

        public RandomWeights Norm(string name, int width, bool bias)
        {
            Source.Add(name + ".weight", Values(width, 1, 0.1), width);
            if (bias)
                Source.Add(name + ".bias", Values(width, 0, 0.1), width);
            return this;
        }

        private float[] Values(int count, double centre, double spread) =>
            Enumerable.Range(0, count).Select(_ => (float)(centre + spread * (2 * _random.NextDouble() - 1))).ToArray();
    }
}
