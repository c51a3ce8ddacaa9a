using System.Text.Json;
using Winnow.Models.SafeTensors;

namespace Winnow.Bench.Training;

/// <summary>
/// <c>timing init-gpt2 OUT TOKENIZER_FOLDER LAYERS WIDTH HEADS POSITIONS SEED</c>: writes a freshly initialised GPT-2
/// (GPT2LMHeadModel layout, vocabulary and tokenizer of TOKENIZER_FOLDER) for training from scratch: weights
/// normal(0, 0.02), residual projections normal(0, 0.02/√(2·layers)) as GPT-2's paper does, biases 0, LayerNorm 1/0.
/// Used by the from-scratch Cherry experiment (bench/results/training.md); no downloaded weights are involved.
/// </summary>
public static class Gpt2Initializer
{
    private static readonly string[] TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt"];

    [TimingCommand("init-gpt2")]
    public static int Run(string[] args)
    {
        if (args.Length != 7)
        {
            Console.Error.WriteLine("usage: timing init-gpt2 OUT TOKENIZER_FOLDER LAYERS WIDTH HEADS POSITIONS SEED");
            return 2;
        }
        var (output, tokenizerFolder) = (args[0], args[1]);
        var (layers, width, heads, positions, seed) = (int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), int.Parse(args[6]));
        using var sourceConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(tokenizerFolder, "config.json")));
        var vocab = sourceConfig.RootElement.GetProperty("vocab_size").GetInt32();
        var random = new Random(seed);
        float[] Normal(long count, double std)
        {
            var v = new float[count];
            for (long i = 0; i < count; i++)
            {
                // Box–Muller from two uniforms in (0, 1].
                var u1 = 1.0 - random.NextDouble();
                v[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }
            return v;
        }
        var tensors = new List<(string, long[], ReadOnlyMemory<float>)>();
        void Add(string name, float[] values, params long[] shape) => tensors.Add(("transformer." + name, shape, values));
        void Norm(string name)
        {
            Add(name + ".weight", Enumerable.Repeat(1f, width).ToArray(), width);
            Add(name + ".bias", new float[width], width);
        }
        void Conv1D(string name, int inFeatures, int outFeatures, double std)
        {
            Add(name + ".weight", Normal((long)inFeatures * outFeatures, std), inFeatures, outFeatures);
            Add(name + ".bias", new float[outFeatures], outFeatures);
        }
        Add("wte.weight", Normal((long)vocab * width, 0.02), vocab, width);
        Add("wpe.weight", Normal((long)positions * width, 0.01), positions, width);
        var residual = 0.02 / Math.Sqrt(2 * layers);
        for (var i = 0; i < layers; i++)
        {
            Norm($"h.{i}.ln_1");
            Conv1D($"h.{i}.attn.c_attn", width, 3 * width, 0.02);
            Conv1D($"h.{i}.attn.c_proj", width, width, residual);
            Norm($"h.{i}.ln_2");
            Conv1D($"h.{i}.mlp.c_fc", width, 4 * width, 0.02);
            Conv1D($"h.{i}.mlp.c_proj", 4 * width, width, residual);
        }
        Norm("ln_f");
        Directory.CreateDirectory(output);
        Float32SafetensorsWriter.Write(Path.Combine(output, "model.safetensors"), tensors);
        var config = new Dictionary<string, object>
        {
            ["architectures"] = new[] { "GPT2LMHeadModel" },
            ["model_type"] = "gpt2",
            ["activation_function"] = "gelu_new",
            ["n_layer"] = layers,
            ["n_embd"] = width,
            ["n_head"] = heads,
            ["n_positions"] = positions,
            ["n_inner"] = 4 * width,
            ["vocab_size"] = vocab,
            ["layer_norm_epsilon"] = 1e-5,
            ["bos_token_id"] = sourceConfig.RootElement.GetProperty("bos_token_id").GetInt32(),
            ["eos_token_id"] = sourceConfig.RootElement.GetProperty("eos_token_id").GetInt32(),
            ["torch_dtype"] = "float32",
        };
        File.WriteAllText(Path.Combine(output, "config.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        foreach (var name in TokenizerFiles.Where(n => File.Exists(Path.Combine(tokenizerFolder, n))))
            File.Copy(Path.Combine(tokenizerFolder, name), Path.Combine(output, name), overwrite: true);
        Console.WriteLine($"wrote {output}: {layers} layers × {width} wide, {heads} heads, {positions} positions, vocabulary {vocab}, seed {seed}");
        return 0;
    }
}
