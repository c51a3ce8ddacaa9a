using System.Text.Json;
using Winnow.Text.Unicode;
using static Winnow.Tokenizers.JsonFields;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>Builds a normalizer from tokenizer.json's "normalizer" object; unknown types are refused by name.</summary>
internal static class NormalizerFactory
{
    public static INormalizer Create(JsonElement e, string where)
    {
        string type = TypeOf(e, where);
        return type switch
        {
            "NFC" => new UnicodeFormNormalizer(UnicodeForm.Nfc),
            "NFD" => new UnicodeFormNormalizer(UnicodeForm.Nfd),
            "NFKC" => new UnicodeFormNormalizer(UnicodeForm.Nfkc),
            "NFKD" => new UnicodeFormNormalizer(UnicodeForm.Nfkd),
            "Lowercase" => new LowercaseNormalizer(),
            "StripAccents" => new StripAccentsNormalizer(),
            "Strip" => new StripNormalizer(Bool(e, "strip_left", true, where), Bool(e, "strip_right", true, where)),
            "Prepend" => new PrependNormalizer(RequiredString(e, "prepend", where)),
            "Replace" => new ReplaceNormalizer(Pattern(e, where), RequiredString(e, "content", where)),
            "BertNormalizer" => new BertNormalizer(Bool(e, "clean_text", true, where), Bool(e, "handle_chinese_chars", true, where),
                NullableBool(e, "strip_accents", where), Bool(e, "lowercase", true, where)),
            "Precompiled" => CreatePrecompiled(e, where),
            "Sequence" => new SequenceNormalizer(
                [.. Array(e, "normalizers", where).Select((n, i) => Create(n, $"{where}.normalizers[{i}]"))]),
            _ => throw new TokenizerFormatException($"tokenizer.json: {where} type '{type}' is not supported"),
        };
    }

    private static INormalizer CreatePrecompiled(JsonElement e, string where)
    {
        string? map = String(e, "precompiled_charsmap", where);
        if (string.IsNullOrEmpty(map)) return new SequenceNormalizer([]); // no char map: identity, as in the reference
        Span<byte> probe = new byte[map.Length];
        if (!Convert.TryFromBase64String(map, probe, out _))
            throw new TokenizerFormatException($"tokenizer.json: {where}.precompiled_charsmap is not valid base64");
        return new PrecompiledNormalizer();
    }
}
