using System.Text.Json;

namespace Winnow.Models;

/// <summary>
/// A Hugging Face <c>config.json</c>, read-only. Typed getters fail with the file and key in the message, so a
/// config that lacks a field the architecture needs is a clear error rather than a default that silently differs.
/// </summary>
public sealed class ModelConfig
{
    private readonly JsonElement _root;

    private ModelConfig(string source, JsonElement root)
    {
        Source = source;
        _root = root;
    }

    /// <summary>Where the config came from (a file path, or a label for configs built in memory).</summary>
    public string Source { get; }

    public string ModelType => String("model_type") ?? throw Missing("model_type");

    public IReadOnlyList<string> Architectures =>
        _root.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];

    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelFormatException($"{path}: config.json not found");
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: not valid JSON: {e.Message}");
        }
    }

    public static ModelConfig Parse(string json, string source)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException($"{source}: config is not a JSON object");
        return new ModelConfig(source, doc.RootElement.Clone());
    }

    public bool Has(string key) => _root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public int Int(string key) => IntOrNull(key) ?? throw Missing(key);

    public int Int(string key, int fallback) => IntOrNull(key) ?? fallback;

    public int? IntOrNull(string key)
    {
        if (!_root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i))
            return i;
        throw Invalid(key, "an integer", v);
    }

    public double Double(string key, double fallback)
    {
        if (!_root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return fallback;
        if (v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        throw Invalid(key, "a number", v);
    }

    public double Double(string key) => Has(key) ? Double(key, 0) : throw Missing(key);

    public bool Bool(string key, bool fallback)
    {
        if (!_root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(key, "true or false", v),
        };
    }

    public string? String(string key)
    {
        if (!_root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Invalid(key, "a string", v);
    }

    /// <summary>A nested object (e.g. <c>rope_scaling</c>) as its own config, or null when absent or null.</summary>
    public ModelConfig? Section(string key)
    {
        if (!_root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        return v.ValueKind == JsonValueKind.Object ? new ModelConfig($"{Source} ({key})", v) : throw Invalid(key, "an object", v);
    }

    /// <summary>How many entries the object at <paramref name="key"/> has, or null when absent (e.g. <c>id2label</c>).</summary>
    public int? ObjectSize(string key) =>
        _root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Count() : null;

    private ModelFormatException Missing(string key) => new($"{Source}: required key '{key}' is missing");

    private ModelFormatException Invalid(string key, string expected, JsonElement v) =>
        new($"{Source}: key '{key}' should be {expected}, found {v.GetRawText()}");
}
