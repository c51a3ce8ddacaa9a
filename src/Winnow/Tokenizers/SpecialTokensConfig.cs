using System.Text.Json;

namespace Winnow.Tokenizers;

/// <summary>
/// The bos/eos/pad/unk token strings of tokenizer_config.json (preferred) and special_tokens_map.json beside
/// tokenizer.json. Each value is either a string or an object with "content". Missing files are fine.
/// </summary>
internal sealed record SpecialTokensConfig(string? Bos, string? Eos, string? Pad, string? Unk)
{
    private const long MaxConfigBytes = 16L << 20;

    public static SpecialTokensConfig Read(string directory)
    {
        var fromConfig = ReadFile(Path.Combine(directory, "tokenizer_config.json"));
        var fromMap = ReadFile(Path.Combine(directory, "special_tokens_map.json"));
        string? Pick(string name) => fromConfig.GetValueOrDefault(name) ?? fromMap.GetValueOrDefault(name);
        return new SpecialTokensConfig(Pick("bos_token"), Pick("eos_token"), Pick("pad_token"), Pick("unk_token"));
    }

    private static Dictionary<string, string?> ReadFile(string path)
    {
        var result = new Dictionary<string, string?>();
        if (!File.Exists(path)) return result;
        long size = new FileInfo(path).Length;
        if (size > MaxConfigBytes)
            throw new TokenizerFormatException($"{path}: {size} bytes is larger than the {MaxConfigBytes} bytes accepted for a tokenizer config");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new TokenizerFormatException($"{path}: expected a JSON object at the top level");
            foreach (string name in new[] { "bos_token", "eos_token", "pad_token", "unk_token" })
            {
                if (!doc.RootElement.TryGetProperty(name, out var v)) continue;
                result[name] = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Object when v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw new TokenizerFormatException($"{path}: {name} must be a string, an object with \"content\", or null"),
                };
            }
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException($"{path}: not valid JSON ({ex.Message})", ex);
        }
        return result;
    }
}
