using System.Text.Json;

namespace Winnow.Tokenizers;

/// <summary>Typed field access on tokenizer.json elements with errors that name the field and the expected type.</summary>
internal static class JsonFields
{
    public static JsonElement? Optional(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static JsonElement Required(JsonElement e, string name, string where) =>
        Optional(e, name) ?? throw new TokenizerFormatException($"tokenizer.json: {where}.{name} is missing");

    public static string? String(JsonElement e, string name, string where)
    {
        var v = Optional(e, name);
        if (v is null) return null;
        if (v.Value.ValueKind != JsonValueKind.String)
            throw new TokenizerFormatException($"tokenizer.json: {where}.{name} must be a string, found {v.Value.ValueKind}");
        return v.Value.GetString()!;
    }

    public static string RequiredString(JsonElement e, string name, string where) =>
        String(e, name, where) ?? throw new TokenizerFormatException($"tokenizer.json: {where}.{name} is missing (expected a string)");

    public static bool Bool(JsonElement e, string name, bool defaultValue, string where)
    {
        var v = Optional(e, name);
        if (v is null) return defaultValue;
        return v.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new TokenizerFormatException($"tokenizer.json: {where}.{name} must be true or false, found {v.Value.ValueKind}"),
        };
    }

    public static bool? NullableBool(JsonElement e, string name, string where) =>
        Optional(e, name) is null ? null : Bool(e, name, false, where);

    public static int Int(JsonElement e, string name, int defaultValue, string where)
    {
        var v = Optional(e, name);
        if (v is null) return defaultValue;
        if (v.Value.ValueKind != JsonValueKind.Number || !v.Value.TryGetInt32(out int i))
            throw new TokenizerFormatException($"tokenizer.json: {where}.{name} must be a 32-bit integer, found {v.Value}");
        return i;
    }

    public static char SingleChar(JsonElement e, string name, char defaultValue, string where)
    {
        string? s = String(e, name, where);
        if (s is null) return defaultValue;
        if (s.Length != 1)
            throw new TokenizerFormatException($"tokenizer.json: {where}.{name} must be a single UTF-16 character, found \"{s}\"");
        return s[0];
    }

    public static string TypeOf(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException($"tokenizer.json: {where} must be an object, found {e.ValueKind}");
        return RequiredString(e, "type", where);
    }

    public static IEnumerable<JsonElement> Array(JsonElement e, string name, string where)
    {
        var v = Required(e, name, where);
        if (v.ValueKind != JsonValueKind.Array)
            throw new TokenizerFormatException($"tokenizer.json: {where}.{name} must be an array, found {v.ValueKind}");
        return v.EnumerateArray();
    }

    public static PreTokenizers.IPatternMatcher Pattern(JsonElement e, string where)
    {
        var p = Required(e, "pattern", where);
        if (String(p, "String", where + ".pattern") is { } literal)
        {
            if (literal.Length == 0) throw new TokenizerFormatException($"tokenizer.json: {where}.pattern.String must not be empty");
            return new PreTokenizers.LiteralPatternMatcher(literal);
        }
        if (String(p, "Regex", where + ".pattern") is { } regex)
        {
            try
            {
                return PreTokenizers.SplitPatterns.ForRegex(regex);
            }
            catch (ArgumentException ex)
            {
                throw new TokenizerFormatException($"tokenizer.json: {where}.pattern.Regex /{regex}/ is not supported by .NET Regex: {ex.Message}", ex);
            }
        }
        throw new TokenizerFormatException($"tokenizer.json: {where}.pattern must have a \"String\" or a \"Regex\" field");
    }
}
