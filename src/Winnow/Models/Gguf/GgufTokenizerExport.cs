using System.Text.Json;

namespace Winnow.Models.Gguf;

/// <summary>
/// Writes a Hugging Face tokenizer.json as GGUF tokenizer metadata. Byte-level BPE (GPT-2, Qwen2, Llama-3) becomes
/// tokenizer.ggml.model "gpt2" with its merges; SentencePiece-style BPE with byte fallback (Llama-2, Mistral) becomes
/// "llama" with scores = −(rank of the merge that makes the token), which gives llama.cpp's score-ordered merging
/// the same priority as the BPE ranks. WordPiece, Unigram and other pre-tokenizers are refused. A folder without
/// tokenizer.json gives an ids-only file ("no_vocab").
/// </summary>
internal static class GgufTokenizerExport
{
    private const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Byte = 6;

    /// <summary>Adds the tokenizer keys; returns a one-line description of what was written.</summary>
    public static string Add(GgufWriter writer, string folder, string architecture, int vocabSize, ModelConfig config)
    {
        var path = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(path))
        {
            writer.AddString("tokenizer.ggml.model", "no_vocab");
            return "no tokenizer.json: ids-only vocabulary (tokenizer.ggml.model = no_vocab); give the backend a tokenizer to score text";
        }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var model = root.GetProperty("model");
        var type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != "BPE")
            throw new ModelFormatException($"{path}: tokenizer model '{type}' cannot be written to GGUF (byte-level BPE and SentencePiece-style BPE are supported)");
        var byteFallback = model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True;
        var byteLevel = IsByteLevel(root);
        if (byteLevel == byteFallback)
            throw new ModelFormatException($"{path}: a BPE tokenizer that is {(byteLevel ? "both byte-level and byte-fallback" : "neither byte-level nor byte-fallback")} has no GGUF equivalent");

        var tokens = new string[vocabSize];
        var types = new int[vocabSize];
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            var id = entry.Value.GetInt32();
            if (id < 0 || id >= vocabSize)
                throw new ModelFormatException($"{path}: token '{entry.Name}' has id {id}, outside the model's vocabulary of {vocabSize}");
            tokens[id] = entry.Name;
            types[id] = Normal;
        }
        var specialIds = new HashSet<int>();
        if (root.TryGetProperty("added_tokens", out var added))
        {
            foreach (var a in added.EnumerateArray())
            {
                var id = a.GetProperty("id").GetInt32();
                if (id < 0 || id >= vocabSize)
                    throw new ModelFormatException($"{path}: added token id {id} is outside the model's vocabulary of {vocabSize}");
                tokens[id] = a.GetProperty("content").GetString()!;
                var special = a.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True;
                types[id] = special ? Control : UserDefined;
                if (special)
                    specialIds.Add(id);
            }
        }
        // Ids the tokenizer never produces (a model's padded embedding rows) still need a unique name.
        for (var id = 0; id < vocabSize; id++)
        {
            if (tokens[id] is null)
            {
                tokens[id] = $"[PAD{id}]";
                types[id] = UserDefined;
            }
        }
        var merges = Merges(model, path);
        writer.AddStrings("tokenizer.ggml.tokens", tokens);
        if (byteLevel)
        {
            writer.AddString("tokenizer.ggml.model", "gpt2");
            writer.AddString("tokenizer.ggml.pre", architecture switch { "qwen2" => "qwen2", "gpt2" => "gpt-2", _ => "llama-bpe" });
            writer.AddStrings("tokenizer.ggml.merges", merges);
        }
        else
        {
            writer.AddString("tokenizer.ggml.model", "llama");
            var scores = new float[vocabSize];
            var byId = tokens.Select((tok, id) => (tok, id)).GroupBy(x => x.tok).ToDictionary(g => g.Key, g => g.First().id, StringComparer.Ordinal);
            for (var rank = 0; rank < merges.Length; rank++)
            {
                var merged = merges[rank].Replace(" ", "", StringComparison.Ordinal);
                if (byId.TryGetValue(merged, out var id) && scores[id] == 0)
                    scores[id] = -(rank + 1);
            }
            for (var id = 0; id < vocabSize; id++)
            {
                if (types[id] == Normal && tokens[id].Length == 6 && tokens[id].StartsWith("<0x", StringComparison.Ordinal) && tokens[id].EndsWith('>'))
                    types[id] = Byte;
            }
            var unk = model.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            if (unk is not null && byId.TryGetValue(unk, out var unkId))
            {
                types[unkId] = Unknown;
                writer.AddUInt32("tokenizer.ggml.unknown_token_id", (uint)unkId);
            }
            writer.AddFloats("tokenizer.ggml.scores", scores);
        }
        writer.AddInts("tokenizer.ggml.token_type", types);
        var bos = config.IntOrNull("bos_token_id");
        var eos = config.IntOrNull("eos_token_id");
        if (bos is { } b)
            writer.AddUInt32("tokenizer.ggml.bos_token_id", (uint)b);
        if (eos is { } e)
            writer.AddUInt32("tokenizer.ggml.eos_token_id", (uint)e);
        var addsBos = AddsBos(root, bos);
        writer.AddBool("tokenizer.ggml.add_bos_token", addsBos);
        writer.AddBool("tokenizer.ggml.add_eos_token", false);
        return $"{(byteLevel ? "byte-level BPE (gpt2)" : "SentencePiece BPE (llama)")}: {vocabSize} tokens, {merges.Length} merges, {specialIds.Count} special, add_bos {addsBos.ToString().ToLowerInvariant()}";
    }

    private static bool IsByteLevel(JsonElement root) =>
        root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind == JsonValueKind.Object && pre.GetRawText().Contains("\"ByteLevel\"", StringComparison.Ordinal);

    private static string[] Merges(JsonElement model, string path)
    {
        if (!model.TryGetProperty("merges", out var merges))
            throw new ModelFormatException($"{path}: BPE model has no merges");
        return merges.EnumerateArray().Select(m => m.ValueKind switch
        {
            JsonValueKind.String => m.GetString()!,
            JsonValueKind.Array => string.Join(' ', m.EnumerateArray().Select(x => x.GetString())),
            _ => throw new ModelFormatException($"{path}: a merge is neither \"a b\" nor [\"a\", \"b\"]"),
        }).ToArray();
    }

    /// <summary>True when the post-processor's single-text template starts with the BOS token.</summary>
    private static bool AddsBos(JsonElement root, int? bos)
    {
        if (bos is null || !root.TryGetProperty("post_processor", out var post) || post.ValueKind != JsonValueKind.Object)
            return false;
        if (!post.TryGetProperty("single", out var single) || single.ValueKind != JsonValueKind.Array || single.GetArrayLength() == 0)
            return false;
        var first = single[0];
        return first.TryGetProperty("SpecialToken", out var special) && special.TryGetProperty("id", out var id)
            && post.TryGetProperty("special_tokens", out var map) && map.TryGetProperty(id.GetString()!, out var entry)
            && entry.GetProperty("ids").EnumerateArray().Any(x => x.GetInt32() == bos);
    }
}
