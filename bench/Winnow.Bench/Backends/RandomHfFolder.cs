using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Winnow.Bench.Backends;

/// <summary>
/// Writes a Hugging Face folder (config.json + model.safetensors, float32, no tokenizer) with random weights of the
/// init scale (uniform, std 0.02; norms near 1), streaming tensor by tensor so a 1B model never sits in memory. Shapes:
/// <c>gpt2-small</c> (12 × 768, 12 heads, vocab 50,257, tied head) and <c>llama-1b</c> (TinyLlama-1.1B's shape:
/// 22 × 2048, 32 heads, 4 KV heads, MLP 5632, vocab 32,000, untied head: 1.10 B parameters).
/// </summary>
internal static class RandomHfFolder
{
    public static readonly string[] Shapes = ["gpt2-small", "llama-1b"];

    public static void Write(string shape, string folder)
    {
        Directory.CreateDirectory(folder);
        var (config, tensors) = shape switch
        {
            "gpt2-small" => Gpt2Small(),
            "llama-1b" => Llama1B(),
            _ => throw new ArgumentException($"shape '{shape}': expected {string.Join(" or ", Shapes)}"),
        };
        File.WriteAllText(Path.Combine(folder, "config.json"), config);
        WriteSafetensors(Path.Combine(folder, "model.safetensors"), tensors);
    }

    private static (string, List<(string Name, long[] Shape, float Centre, float Spread)>) Gpt2Small()
    {
        const int layers = 12, d = 768, vocab = 50257, positions = 1024;
        var t = new List<(string, long[], float, float)>
        {
            ("wte.weight", [vocab, d], 0, Spread),
            ("wpe.weight", [positions, d], 0, Spread),
        };
        void Norm(string name)
        {
            t.Add((name + ".weight", [d], 1, 0.1f));
            t.Add((name + ".bias", [d], 0, 0.1f));
        }
        void Conv1D(string name, int inF, int outF)
        {
            t.Add((name + ".weight", [inF, outF], 0, Spread));
            t.Add((name + ".bias", [outF], 0, Spread));
        }
        for (var i = 0; i < layers; i++)
        {
            Norm($"h.{i}.ln_1");
            Conv1D($"h.{i}.attn.c_attn", d, 3 * d);
            Conv1D($"h.{i}.attn.c_proj", d, d);
            Norm($"h.{i}.ln_2");
            Conv1D($"h.{i}.mlp.c_fc", d, 4 * d);
            Conv1D($"h.{i}.mlp.c_proj", 4 * d, d);
        }
        Norm("ln_f");
        var config = $"{{\"model_type\":\"gpt2\",\"n_embd\":{d},\"n_head\":12,\"n_layer\":{layers},\"n_positions\":{positions}," +
            $"\"vocab_size\":{vocab},\"layer_norm_epsilon\":1e-5,\"activation_function\":\"gelu_new\"}}";
        return (config, t);
    }

    private static (string, List<(string Name, long[] Shape, float Centre, float Spread)>) Llama1B()
    {
        const int layers = 22, d = 2048, heads = 32, kvHeads = 4, inner = 5632, vocab = 32000;
        const int kv = d / heads * kvHeads;
        var t = new List<(string, long[], float, float)> { ("model.embed_tokens.weight", [vocab, d], 0, Spread) };
        for (var i = 0; i < layers; i++)
        {
            var p = $"model.layers.{i}.";
            t.Add((p + "input_layernorm.weight", [d], 1, 0.1f));
            t.Add((p + "self_attn.q_proj.weight", [d, d], 0, Spread));
            t.Add((p + "self_attn.k_proj.weight", [kv, d], 0, Spread));
            t.Add((p + "self_attn.v_proj.weight", [kv, d], 0, Spread));
            t.Add((p + "self_attn.o_proj.weight", [d, d], 0, Spread));
            t.Add((p + "post_attention_layernorm.weight", [d], 1, 0.1f));
            t.Add((p + "mlp.gate_proj.weight", [inner, d], 0, Spread));
            t.Add((p + "mlp.up_proj.weight", [inner, d], 0, Spread));
            t.Add((p + "mlp.down_proj.weight", [d, inner], 0, Spread));
        }
        t.Add(("model.norm.weight", [d], 1, 0.1f));
        t.Add(("lm_head.weight", [vocab, d], 0, Spread));
        var config = $"{{\"model_type\":\"llama\",\"hidden_size\":{d},\"intermediate_size\":{inner},\"num_hidden_layers\":{layers}," +
            $"\"num_attention_heads\":{heads},\"num_key_value_heads\":{kvHeads},\"max_position_embeddings\":2048,\"vocab_size\":{vocab}," +
            "\"rms_norm_eps\":1e-5,\"rope_theta\":10000.0,\"hidden_act\":\"silu\",\"tie_word_embeddings\":false,\"bos_token_id\":1,\"eos_token_id\":2}";
        return (config, t);
    }

    /// <summary>Uniform ±0.0346 has standard deviation 0.02 (GPT-2's and Llama's init scale).</summary>
    private const float Spread = 0.0346f;

    private static void WriteSafetensors(string path, List<(string Name, long[] Shape, float Centre, float Spread)> tensors)
    {
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var (name, shape, _, _) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var s in shape)
                    json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4 * shape.Aggregate(1L, (a, b) => a * b);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        var headerBytes = header.ToArray().Concat(Enumerable.Repeat((byte)' ', (int)((8 - header.Length % 8) % 8))).ToArray();
        using var file = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)headerBytes.Length);
        file.Write(prefix);
        file.Write(headerBytes);
        var state = 0x9E3779B97F4A7C15UL;
        var buffer = new float[1 << 20];
        foreach (var (_, shape, centre, spread) in tensors)
        {
            var left = shape.Aggregate(1L, (a, b) => a * b);
            while (left > 0)
            {
                var n = (int)Math.Min(left, buffer.Length);
                for (var i = 0; i < n; i++)
                {
                    // xorshift64*: fast enough for a billion weights in seconds.
                    state ^= state >> 12;
                    state ^= state << 25;
                    state ^= state >> 27;
                    var unit = ((state * 0x2545F4914F6CDD1DUL) >> 40) / (float)(1 << 24);
                    buffer[i] = centre + spread * (2 * unit - 1);
                }
                file.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, n)));
                left -= n;
            }
        }
    }
}
