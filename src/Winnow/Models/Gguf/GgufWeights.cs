using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Winnow.Tensors.Quantised;

namespace Winnow.Models.Gguf;

/// <summary>
/// A GGUF file (llama, qwen2 or gpt2 architecture) as the managed engine's weight source: tensors under their Hugging
/// Face names and layouts (llama q/k rows permuted back to rotate-half, GPT-2 matrices back to Conv1D [in, out]), and
/// the metadata as the config.json the decoder reads. Q8_0 tensors are handed over as stored
/// (<see cref="IQ8WeightSource"/>); <see cref="Load"/> widens f32, f16 and q8_0 tensors to float32. Other tensor
/// types, unknown tensors and RoPE scaling are refused with the file and tensor named. The file is validated by
/// <see cref="GgufFile"/> first.
/// </summary>
public sealed partial class GgufWeights : IWeightSource, IQ8WeightSource
{
    private readonly GgufFile _file;
    private readonly Dictionary<string, Mapped> _byName;

    /// <summary>A GGUF tensor under its Hugging Face name: whether it is a transposed Conv1D, and the heads of a permuted q/k.</summary>
    private sealed record Mapped(GgufTensorInfo Info, bool Conv1D, int PermutedHeads);

    private GgufWeights(GgufFile file, ModelConfig config, Dictionary<string, Mapped> byName)
    {
        _file = file;
        Config = config;
        _byName = byName;
    }

    /// <summary>The metadata as a Hugging Face config (model_type llama, qwen2 or gpt2).</summary>
    public ModelConfig Config { get; }

    public string Name => _file.Path;

    public static GgufWeights Open(string path)
    {
        var file = GgufFile.Read(path);
        var arch = file.Architecture;
        if (arch is not ("llama" or "qwen2" or "gpt2"))
            throw new ModelFormatException($"{file.Path}: GGUF architecture '{arch}' is not one the managed engine runs (llama, qwen2, gpt2); use backend: llama.cpp");
        var tensors = file.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var config = arch == "gpt2" ? Gpt2Config(file, tensors) : LlamaConfig(file, tensors, arch);
        var byName = new Dictionary<string, Mapped>(StringComparer.Ordinal);
        foreach (var t in file.Tensors)
        {
            var (name, conv1D, permute) = HuggingFaceName(arch, t.Name, config)
                ?? throw new ModelFormatException($"{file.Path}: tensor '{t.Name}' has no counterpart in the managed {arch} decoder; use backend: llama.cpp");
            byName[name] = new Mapped(t, conv1D, permute);
        }
        return new GgufWeights(file, config, byName);
    }

    public bool Contains(string tensorName) => _byName.ContainsKey(tensorName);

    public float[] Load(string tensorName, params long[] expectedShape)
    {
        var m = Find(tensorName);
        var (rows, cols) = Matrix(m, tensorName, expectedShape);
        var data = Read(m.Info);
        var values = m.Info.Type switch
        {
            GgmlType.F32 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).ToArray(),
            GgmlType.F16 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(data).ToArray().Select(h => (float)h).ToArray(),
            GgmlType.Q8_0 => Widen(Q8Rows.FromGguf(data, rows, cols)),
            _ => throw Unsupported(m.Info),
        };
        if (m.PermutedHeads > 0)
            values = SelectRows(values, cols, RopePermutation.RotateHalfSourceRows(m.PermutedHeads, rows));
        return m.Conv1D ? Winnow.Tensors.Transpose.Of(values, rows, cols) : values;
    }

    public Q8Rows? LoadQ8Rows(string tensorName, int rows, int cols)
    {
        var m = Find(tensorName);
        if (m.Info.Type != GgmlType.Q8_0)
            return null;
        var expected = m.Conv1D ? new long[] { cols, rows } : [rows, cols];
        Matrix(m, tensorName, expected);
        var q8 = Q8Rows.FromGguf(Read(m.Info), rows, cols);
        return m.PermutedHeads > 0 ? q8.SelectRows(RopePermutation.RotateHalfSourceRows(m.PermutedHeads, rows)) : q8;
    }

    private Mapped Find(string tensorName) =>
        _byName.TryGetValue(tensorName, out var m) ? m : throw new ModelFormatException($"{_file.Path}: the GGUF file has no tensor for '{tensorName}'");

    /// <summary>Checks the HF shape against the GGUF dimensions; returns the stored (rows, cols): GGUF dims are innermost first.</summary>
    private (int Rows, int Cols) Matrix(Mapped m, string tensorName, long[] expectedShape)
    {
        var dims = m.Info.Dims;
        var stored = dims.Reverse().ToArray();
        var expected = m.Conv1D && expectedShape.Length == 2 ? [expectedShape[1], expectedShape[0]] : expectedShape;
        if (!stored.SequenceEqual(expected))
            throw new ModelFormatException($"{_file.Path}: tensor '{m.Info.Name}' ({tensorName}) has shape [{string.Join(", ", stored)}], expected [{string.Join(", ", expected)}]");
        return stored.Length == 1 ? (1, checked((int)stored[0])) : (checked((int)stored[0]), checked((int)stored[1]));
    }

    private byte[] Read(GgufTensorInfo info)
    {
        var data = new byte[info.Bytes];
        using var handle = File.OpenHandle(_file.Path);
        var position = _file.DataOffset + info.Offset;
        var done = 0;
        while (done < data.Length)
        {
            var read = RandomAccess.Read(handle, data.AsSpan(done), position + done);
            if (read == 0)
                throw new ModelFormatException($"{_file.Path}: tensor '{info.Name}' ends early; the file is truncated");
            done += read;
        }
        return data;
    }

    private ModelFormatException Unsupported(GgufTensorInfo info) =>
        new($"{_file.Path}: tensor '{info.Name}' is {GgmlTypes.Name(info.Type)}; the managed engine reads f32, f16 and q8_0 tensors (use backend: llama.cpp for this file)");

    private static float[] Widen(Q8Rows q8)
    {
        var values = new float[(long)q8.Rows * q8.Cols];
        for (var r = 0; r < q8.Rows; r++)
            q8.DequantiseRow(r, values.AsSpan(r * q8.Cols, q8.Cols));
        return values;
    }

    private static float[] SelectRows(float[] values, int cols, int[] source)
    {
        var result = new float[values.Length];
        for (var r = 0; r < source.Length; r++)
            Array.Copy(values, (long)source[r] * cols, result, (long)r * cols, cols);
        return result;
    }

    [GeneratedRegex(@"^blk\.(\d+)\.(.+)$")]
    private static partial Regex BlockTensor();

    private static (string Name, bool Conv1D, int PermutedHeads)? HuggingFaceName(string arch, string gguf, ModelConfig c)
    {
        var gpt2 = arch == "gpt2";
        switch (gguf)
        {
            case "token_embd.weight": return (gpt2 ? "wte.weight" : "model.embed_tokens.weight", false, 0);
            case "position_embd.weight" when gpt2: return ("wpe.weight", false, 0);
            case "output_norm.weight": return (gpt2 ? "ln_f.weight" : "model.norm.weight", false, 0);
            case "output_norm.bias" when gpt2: return ("ln_f.bias", false, 0);
            case "output.weight": return ("lm_head.weight", false, 0);
        }
        var match = BlockTensor().Match(gguf);
        if (!match.Success)
            return null;
        var i = match.Groups[1].Value;
        var part = match.Groups[2].Value;
        if (gpt2)
        {
            (string Name, bool Conv1D)? gpt2Name = part switch
            {
                "attn_norm.weight" => ("ln_1.weight", false),
                "attn_norm.bias" => ("ln_1.bias", false),
                "attn_qkv.weight" => ("attn.c_attn.weight", true),
                "attn_qkv.bias" => ("attn.c_attn.bias", false),
                "attn_output.weight" => ("attn.c_proj.weight", true),
                "attn_output.bias" => ("attn.c_proj.bias", false),
                "ffn_norm.weight" => ("ln_2.weight", false),
                "ffn_norm.bias" => ("ln_2.bias", false),
                "ffn_up.weight" => ("mlp.c_fc.weight", true),
                "ffn_up.bias" => ("mlp.c_fc.bias", false),
                "ffn_down.weight" => ("mlp.c_proj.weight", true),
                "ffn_down.bias" => ("mlp.c_proj.bias", false),
                _ => null,
            };
            return gpt2Name is { } g ? ($"h.{i}.{g.Name}", g.Conv1D, 0) : null;
        }
        // llama.cpp's llama architecture stores q/k rows in interleaved RoPE order; qwen2 keeps rotate-half.
        var permute = arch == "llama";
        string? name = part switch
        {
            "attn_norm.weight" => "input_layernorm.weight",
            "attn_q.weight" or "attn_q.bias" => "self_attn.q_proj." + part[7..],
            "attn_k.weight" or "attn_k.bias" => "self_attn.k_proj." + part[7..],
            "attn_v.weight" or "attn_v.bias" => "self_attn.v_proj." + part[7..],
            "attn_output.weight" => "self_attn.o_proj.weight",
            "ffn_norm.weight" => "post_attention_layernorm.weight",
            "ffn_gate.weight" => "mlp.gate_proj.weight",
            "ffn_up.weight" => "mlp.up_proj.weight",
            "ffn_down.weight" => "mlp.down_proj.weight",
            _ => null,
        };
        if (name is null)
            return null;
        if (permute && part is "attn_q.bias" or "attn_k.bias")
            return null;
        var heads = !permute ? 0 : part == "attn_q.weight" ? c.Int("num_attention_heads") : part == "attn_k.weight" ? c.Int("num_key_value_heads") : 0;
        return ($"model.layers.{i}.{name}", false, heads);
    }

    private static ModelConfig LlamaConfig(GgufFile f, Dictionary<string, GgufTensorInfo> tensors, string arch)
    {
        if (f.Metadata.TryGetValue(arch + ".rope.scaling.type", out var scaling) && scaling is string s && s != "none")
            throw new ModelFormatException($"{f.Path}: GGUF {arch}.rope.scaling.type is '{s}'; the managed engine does not read scaled RoPE from GGUF files (use backend: llama.cpp)");
        var hidden = Number(f, arch + ".embedding_length");
        var heads = Number(f, arch + ".attention.head_count");
        var json = new JsonObject
        {
            ["model_type"] = arch,
            ["hidden_size"] = hidden,
            ["num_hidden_layers"] = Number(f, arch + ".block_count"),
            ["intermediate_size"] = Number(f, arch + ".feed_forward_length"),
            ["num_attention_heads"] = heads,
            ["num_key_value_heads"] = NumberOr(f, arch + ".attention.head_count_kv", heads),
            ["head_dim"] = NumberOr(f, arch + ".attention.key_length", hidden / heads),
            ["max_position_embeddings"] = Number(f, arch + ".context_length"),
            ["rope_theta"] = Real(f, arch + ".rope.freq_base", 10000),
            ["rms_norm_eps"] = Real(f, arch + ".attention.layer_norm_rms_epsilon", null),
            ["vocab_size"] = Vocab(f, tensors, arch),
            ["tie_word_embeddings"] = !tensors.ContainsKey("output.weight"),
        };
        return ModelConfig.Parse(json.ToJsonString(), f.Path);
    }

    private static ModelConfig Gpt2Config(GgufFile f, Dictionary<string, GgufTensorInfo> tensors)
    {
        var json = new JsonObject
        {
            ["model_type"] = "gpt2",
            ["n_embd"] = Number(f, "gpt2.embedding_length"),
            ["n_layer"] = Number(f, "gpt2.block_count"),
            ["n_head"] = Number(f, "gpt2.attention.head_count"),
            ["n_inner"] = Number(f, "gpt2.feed_forward_length"),
            ["n_positions"] = Number(f, "gpt2.context_length"),
            ["layer_norm_epsilon"] = Real(f, "gpt2.attention.layer_norm_epsilon", null),
            ["vocab_size"] = Vocab(f, tensors, "gpt2"),
            ["activation_function"] = "gelu_new",
        };
        return ModelConfig.Parse(json.ToJsonString(), f.Path);
    }

    private static int Vocab(GgufFile f, Dictionary<string, GgufTensorInfo> tensors, string arch) =>
        f.Metadata.ContainsKey(arch + ".vocab_size") ? Number(f, arch + ".vocab_size")
        : tensors.TryGetValue("token_embd.weight", out var e) && e.Dims.Length == 2 ? checked((int)e.Dims[1])
        : throw new ModelFormatException($"{f.Path}: GGUF has neither {arch}.vocab_size nor a 2-D token_embd.weight");

    private static int Number(GgufFile f, string key) =>
        f.Metadata.TryGetValue(key, out var v) && v is byte or sbyte or ushort or short or uint or int or ulong or long
            ? Convert.ToInt32(v, CultureInfo.InvariantCulture)
            : throw new ModelFormatException($"{f.Path}: GGUF metadata '{key}' is {(v is null ? "missing" : $"a {v.GetType().Name}")}; expected an integer");

    private static int NumberOr(GgufFile f, string key, int fallback) => f.Metadata.ContainsKey(key) ? Number(f, key) : fallback;

    private static double Real(GgufFile f, string key, double? fallback) =>
        f.Metadata.TryGetValue(key, out var v) && v is float or double ? Convert.ToDouble(v, CultureInfo.InvariantCulture)
        : v is null && fallback is { } d ? d
        : throw new ModelFormatException($"{f.Path}: GGUF metadata '{key}' is {(v is null ? "missing" : $"a {v.GetType().Name}")}; expected a number");
}
