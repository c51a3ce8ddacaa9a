using System.Text.Json;
using static Winnow.Tokenizers.JsonFields;

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Builds a pre-tokenizer from tokenizer.json's "pre_tokenizer" object; unknown types are refused by name.</summary>
internal static class PreTokenizerFactory
{
    public static IPreTokenizer Create(JsonElement e, string where)
    {
        string type = TypeOf(e, where);
        return type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(Bool(e, "add_prefix_space", true, where), Bool(e, "use_regex", true, where)),
            "Split" => new SplitPreTokenizer(Pattern(e, where),
                PieceSplitter.Parse(RequiredString(e, "behavior", where), where), Bool(e, "invert", false, where)),
            "Metaspace" => new MetaspacePreTokenizer(SingleChar(e, "replacement", '\u2581', where), Scheme(e, where),
                Bool(e, "split", true, where)),
            "Whitespace" => new WhitespacePreTokenizer(),
            "WhitespaceSplit" => new WhitespaceSplitPreTokenizer(),
            "BertPreTokenizer" => new BertPreTokenizer(),
            "Digits" => new DigitsPreTokenizer(Bool(e, "individual_digits", false, where)),
            "Punctuation" => new PunctuationPreTokenizer(PieceSplitter.Parse(String(e, "behavior", where) ?? "Isolated", where)),
            "Sequence" => new SequencePreTokenizer(
                [.. Array(e, "pretokenizers", where).Select((p, i) => Create(p, $"{where}.pretokenizers[{i}]"))]),
            _ => throw new TokenizerFormatException($"tokenizer.json: {where} type '{type}' is not supported"),
        };
    }

    /// <summary>prepend_scheme, or the older add_prefix_space flag (true = always).</summary>
    internal static PrependScheme Scheme(JsonElement e, string where) => String(e, "prepend_scheme", where) switch
    {
        "always" => PrependScheme.Always,
        "never" => PrependScheme.Never,
        "first" => PrependScheme.First,
        null => Bool(e, "add_prefix_space", true, where) ? PrependScheme.Always : PrependScheme.Never,
        var other => throw new TokenizerFormatException(
            $"tokenizer.json: {where}.prepend_scheme '{other}' is not supported (expected always, never or first)"),
    };
}
