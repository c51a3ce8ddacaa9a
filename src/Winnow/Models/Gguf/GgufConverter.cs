using System.Globalization;

namespace Winnow.Models.Gguf;

/// <summary>
/// Converts a Hugging Face folder (config.json, safetensors, tokenizer.json) to a GGUF file that llama.cpp loads:
/// Llama and Mistral as architecture <c>llama</c> (q/k rows permuted from the rotate-half layout to llama.cpp's
/// interleaved RoPE pairs), Qwen2 as <c>qwen2</c> (rotate-half RoPE, no permutation, q/k/v biases), GPT-2 as <c>gpt2</c>
/// (Conv1D weights transposed to [out, in]). 2-D weight matrices take the requested type (f32, f16, q8_0, q4_0) where
/// their rows are whole blocks; norms, biases and position embeddings stay f32. A tied LM head is written out as
/// output.weight. Other architectures, RoPE scaling and sliding-window attention are refused.
/// </summary>
public static class GgufConverter
{
    /// <summary>Writes <paramref name="output"/>; returns lines describing what was written (architecture, tensors, tokenizer).</summary>
    public static IReadOnlyList<string> Convert(string folder, string output, GgmlType type)
    {
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0))
            throw new ArgumentException($"--type {GgmlTypes.Name(type)} is not supported (f32, f16, q8_0, q4_0)");
        using var dir = ModelDirectory.Open(folder);
        var config = dir.Config;
        var writer = new GgufWriter();
        var fileType = type switch { GgmlType.F32 => 0u, GgmlType.F16 => 1u, GgmlType.Q8_0 => 7u, _ => 2u };
        var modelType = config.ModelType;
        string architecture;
        int vocab;
        switch (modelType)
        {
            case "llama" or "mistral" or "qwen2":
                architecture = modelType == "qwen2" ? "qwen2" : "llama";
                vocab = config.Int("vocab_size");
                writer.AddString("general.architecture", architecture);
                writer.AddString("general.name", Path.GetFileName(dir.DirectoryPath));
                writer.AddUInt32("general.file_type", fileType);
                AddLlama(writer, dir, config, architecture, type);
                break;
            case "gpt2":
                architecture = "gpt2";
                vocab = config.Int("vocab_size");
                writer.AddString("general.architecture", architecture);
                writer.AddString("general.name", Path.GetFileName(dir.DirectoryPath));
                writer.AddUInt32("general.file_type", fileType);
                AddGpt2(writer, dir, config, type);
                break;
            default:
                throw new ArgumentException($"{config.Source}: model_type '{modelType}' cannot be converted to GGUF (llama, mistral, qwen2 and gpt2 can)");
        }
        writer.AddUInt32(architecture + ".vocab_size", (uint)vocab);
        var tokenizer = GgufTokenizerExport.Add(writer, dir.DirectoryPath, architecture, vocab, config);
        writer.Write(output);
        return [$"architecture {architecture} (model_type {modelType}), weights {GgmlTypes.Name(type)}", "tokenizer: " + tokenizer];
    }

    private static void AddLlama(GgufWriter w, ModelDirectory dir, ModelConfig c, string arch, GgmlType type)
    {
        if (c.Has("rope_scaling"))
            throw new ArgumentException($"{c.Source}: rope_scaling is set; converting scaled RoPE is not supported");
        if (c.Bool("use_sliding_window", false))
            throw new ArgumentException($"{c.Source}: sliding-window attention is not supported");
        var hidden = c.Int("hidden_size");
        var heads = c.Int("num_attention_heads");
        var kvHeads = c.Int("num_key_value_heads", heads);
        var headDim = c.Int("head_dim", hidden / heads);
        var layers = c.Int("num_hidden_layers");
        var vocab = c.Int("vocab_size");
        w.AddUInt32(arch + ".context_length", (uint)c.Int("max_position_embeddings"));
        w.AddUInt32(arch + ".embedding_length", (uint)hidden);
        w.AddUInt32(arch + ".block_count", (uint)layers);
        w.AddUInt32(arch + ".feed_forward_length", (uint)c.Int("intermediate_size"));
        w.AddUInt32(arch + ".attention.head_count", (uint)heads);
        w.AddUInt32(arch + ".attention.head_count_kv", (uint)kvHeads);
        w.AddUInt32(arch + ".attention.key_length", (uint)headDim);
        w.AddUInt32(arch + ".attention.value_length", (uint)headDim);
        w.AddUInt32(arch + ".rope.dimension_count", (uint)headDim);
        w.AddFloat32(arch + ".rope.freq_base", (float)c.Double("rope_theta", 10000));
        w.AddFloat32(arch + ".attention.layer_norm_rms_epsilon", (float)c.Double("rms_norm_eps"));
        var permute = arch == "llama";
        Matrix(w, dir, "model.embed_tokens.weight", "token_embd.weight", vocab, hidden, type);
        for (var i = 0; i < layers; i++)
        {
            var hf = $"model.layers.{i}.";
            var gg = $"blk.{i}.";
            Vector(w, dir, hf + "input_layernorm.weight", gg + "attn_norm.weight", hidden);
            Matrix(w, dir, hf + "self_attn.q_proj.weight", gg + "attn_q.weight", heads * headDim, hidden, type, permute ? heads : 0);
            Matrix(w, dir, hf + "self_attn.k_proj.weight", gg + "attn_k.weight", kvHeads * headDim, hidden, type, permute ? kvHeads : 0);
            Matrix(w, dir, hf + "self_attn.v_proj.weight", gg + "attn_v.weight", kvHeads * headDim, hidden, type);
            foreach (var (proj, name, rows) in new[] { ("q_proj", "attn_q", heads * headDim), ("k_proj", "attn_k", kvHeads * headDim), ("v_proj", "attn_v", kvHeads * headDim) })
            {
                if (dir.Contains(hf + $"self_attn.{proj}.bias"))
                {
                    if (permute && proj != "v_proj")
                        throw new ArgumentException($"{dir.Name}: a Llama-layout q/k bias is not supported");
                    Vector(w, dir, hf + $"self_attn.{proj}.bias", gg + name + ".bias", rows);
                }
            }
            Matrix(w, dir, hf + "self_attn.o_proj.weight", gg + "attn_output.weight", hidden, heads * headDim, type);
            Vector(w, dir, hf + "post_attention_layernorm.weight", gg + "ffn_norm.weight", hidden);
            var inner = c.Int("intermediate_size");
            Matrix(w, dir, hf + "mlp.gate_proj.weight", gg + "ffn_gate.weight", inner, hidden, type);
            Matrix(w, dir, hf + "mlp.up_proj.weight", gg + "ffn_up.weight", inner, hidden, type);
            Matrix(w, dir, hf + "mlp.down_proj.weight", gg + "ffn_down.weight", hidden, inner, type);
        }
        Vector(w, dir, "model.norm.weight", "output_norm.weight", hidden);
        Matrix(w, dir, dir.Contains("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight", "output.weight", vocab, hidden, type);
    }

    private static void AddGpt2(GgufWriter w, ModelDirectory dir, ModelConfig c, GgmlType type)
    {
        var hidden = c.Int("n_embd");
        var layers = c.Int("n_layer");
        var inner = c.IntOrNull("n_inner") ?? 4 * hidden;
        var vocab = c.Int("vocab_size");
        var positions = c.Int("n_positions");
        w.AddUInt32("gpt2.context_length", (uint)positions);
        w.AddUInt32("gpt2.embedding_length", (uint)hidden);
        w.AddUInt32("gpt2.block_count", (uint)layers);
        w.AddUInt32("gpt2.feed_forward_length", (uint)inner);
        w.AddUInt32("gpt2.attention.head_count", (uint)c.Int("n_head"));
        w.AddFloat32("gpt2.attention.layer_norm_epsilon", (float)c.Double("layer_norm_epsilon", 1e-5));
        var prefix = dir.Contains("transformer.wte.weight") ? "transformer." : "";
        Matrix(w, dir, prefix + "wte.weight", "token_embd.weight", vocab, hidden, type);
        Matrix(w, dir, prefix + "wpe.weight", "position_embd.weight", positions, hidden, GgmlType.F32);
        for (var i = 0; i < layers; i++)
        {
            var hf = $"{prefix}h.{i}.";
            var gg = $"blk.{i}.";
            Vector(w, dir, hf + "ln_1.weight", gg + "attn_norm.weight", hidden);
            Vector(w, dir, hf + "ln_1.bias", gg + "attn_norm.bias", hidden);
            Conv1D(w, dir, hf + "attn.c_attn", gg + "attn_qkv", hidden, 3 * hidden, type);
            Conv1D(w, dir, hf + "attn.c_proj", gg + "attn_output", hidden, hidden, type);
            Vector(w, dir, hf + "ln_2.weight", gg + "ffn_norm.weight", hidden);
            Vector(w, dir, hf + "ln_2.bias", gg + "ffn_norm.bias", hidden);
            Conv1D(w, dir, hf + "mlp.c_fc", gg + "ffn_up", hidden, inner, type);
            Conv1D(w, dir, hf + "mlp.c_proj", gg + "ffn_down", inner, hidden, type);
        }
        Vector(w, dir, prefix + "ln_f.weight", "output_norm.weight", hidden);
        Vector(w, dir, prefix + "ln_f.bias", "output_norm.bias", hidden);
        Matrix(w, dir, dir.Contains("lm_head.weight") ? "lm_head.weight" : prefix + "wte.weight", "output.weight", vocab, hidden, type);
    }

    private static void Vector(GgufWriter w, ModelDirectory dir, string hf, string gguf, int length) =>
        w.AddTensor(gguf, [length], GgmlType.F32, () => GgufQuantizer.Encode(dir.Load(hf, length), GgmlType.F32));

    /// <summary>An HF [rows, cols] matrix as GGUF dims [cols, rows]; <paramref name="permuteHeads"/> &gt; 0 applies the q/k permutation.</summary>
    private static void Matrix(GgufWriter w, ModelDirectory dir, string hf, string gguf, int rows, int cols, GgmlType type, int permuteHeads = 0)
    {
        var stored = StoredType(type, cols);
        w.AddTensor(gguf, [cols, rows], stored, () =>
        {
            var data = dir.Load(hf, rows, cols);
            return GgufQuantizer.Encode(permuteHeads > 0 ? RopePermutation.ToInterleaved(data, permuteHeads, rows, cols) : data, stored);
        });
    }

    /// <summary>A GPT-2 Conv1D (weight stored [in, out]) transposed to [out, in], plus its bias.</summary>
    private static void Conv1D(GgufWriter w, ModelDirectory dir, string hf, string gguf, int inputs, int outputs, GgmlType type)
    {
        var stored = StoredType(type, inputs);
        w.AddTensor(gguf + ".weight", [inputs, outputs], stored, () =>
        {
            var data = dir.Load(hf + ".weight", inputs, outputs);
            var transposed = new float[data.Length];
            for (var i = 0; i < inputs; i++)
            {
                for (var o = 0; o < outputs; o++)
                    transposed[(long)o * inputs + i] = data[(long)i * outputs + o];
            }
            return GgufQuantizer.Encode(transposed, stored);
        });
        Vector(w, dir, hf + ".bias", gguf + ".bias", outputs);
    }

    /// <summary>Quantised types need rows of whole 32-element blocks; other rows stay f16 (for f16) or f32.</summary>
    private static GgmlType StoredType(GgmlType type, int rowLength) =>
        type is GgmlType.Q8_0 or GgmlType.Q4_0 && rowLength % 32 != 0 ? GgmlType.F32 : type;

    /// <summary>Parses f32|f16|q8_0|q4_0.</summary>
    public static GgmlType ParseType(string text) => text.ToLower(CultureInfo.InvariantCulture) switch
    {
        "f32" => GgmlType.F32,
        "f16" => GgmlType.F16,
        "q8_0" => GgmlType.Q8_0,
        "q4_0" => GgmlType.Q4_0,
        _ => throw new ArgumentException($"--type '{text}': expected f32, f16, q8_0 or q4_0"),
    };
}
