using System.Text.Json;

namespace Winnow.Embedding.Neural;

/// <summary>
/// What a sentence-transformers folder says about its pipeline: where the Transformer module lives, the pooling mode
/// (1_Pooling/config.json: mean or cls), whether a Normalize module follows, and max_seq_length
/// (sentence_bert_config.json). A plain Hugging Face folder without modules.json reads as mean pooling, no
/// normalisation, and the encoder's own position limit.
/// </summary>
public sealed record SentenceTransformerLayout(string ModelPath, bool ClsPooling, bool Normalize, int? MaxSeqLength)
{
    public static SentenceTransformerLayout Read(string directory)
    {
        var modulesPath = Path.Combine(directory, "modules.json");
        if (!File.Exists(modulesPath))
            return new SentenceTransformerLayout(directory, false, false, null);
        using var modules = JsonDocument.Parse(File.ReadAllText(modulesPath));
        string? transformer = null, pooling = null;
        var normalize = false;
        foreach (var module in modules.RootElement.EnumerateArray())
        {
            var type = module.GetProperty("type").GetString() ?? "";
            var path = module.TryGetProperty("path", out var p) ? p.GetString() ?? "" : "";
            if (type.EndsWith(".Transformer", StringComparison.Ordinal))
                transformer = Path.Combine(directory, path);
            else if (type.EndsWith(".Pooling", StringComparison.Ordinal))
                pooling = Path.Combine(directory, path);
            else if (type.EndsWith(".Normalize", StringComparison.Ordinal))
                normalize = true;
            else
                throw new ArgumentException($"sentence embedder: module type '{type}' in {modulesPath} is not supported (only Transformer, Pooling, Normalize)");
        }
        if (transformer is null)
            throw new ArgumentException($"sentence embedder: {modulesPath} lists no Transformer module");
        return new SentenceTransformerLayout(transformer, pooling is not null && IsClsPooling(pooling), normalize, ReadMaxSeqLength(transformer));
    }

    private static bool IsClsPooling(string poolingDirectory)
    {
        var path = Path.Combine(poolingDirectory, "config.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var modes = doc.RootElement.EnumerateObject()
            .Where(p => p.Name.StartsWith("pooling_mode_", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.True)
            .Select(p => p.Name)
            .ToList();
        return modes switch
        {
            ["pooling_mode_mean_tokens"] => false,
            ["pooling_mode_cls_token"] => true,
            _ => throw new ArgumentException($"sentence embedder: {path} enables [{string.Join(", ", modes)}]; supported: exactly one of pooling_mode_mean_tokens, pooling_mode_cls_token"),
        };
    }

    private static int? ReadMaxSeqLength(string transformerDirectory)
    {
        var path = Path.Combine(transformerDirectory, "sentence_bert_config.json");
        if (!File.Exists(path))
            return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.TryGetProperty("max_seq_length", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;
    }
}
