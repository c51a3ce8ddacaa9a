using System.Text.Json;
using static Winnow.Tokenizers.JsonFields;

namespace Winnow.Tokenizers.Models;

/// <summary>Builds the model from tokenizer.json's "model" object (BPE, WordPiece or Unigram), validating sizes and cross-references.</summary>
internal static class ModelFactory
{
    /// <summary>Largest vocabulary (and merge list) accepted; real tokenizers stay far below (Gemma: 256k).</summary>
    public const int MaxEntries = 4_000_000;

    public static ITokenizerModel Create(JsonElement e)
    {
        const string where = "model";
        string type = Optional(e, "type") is null ? Infer(e) : TypeOf(e, where);
        return type switch
        {
            "BPE" => Bpe(e, where),
            "WordPiece" => new WordPieceModel(new Vocabulary(VocabObject(e, where), where + ".vocab"),
                String(e, "unk_token", where) ?? "[UNK]", String(e, "continuing_subword_prefix", where) ?? "##",
                Int(e, "max_input_chars_per_word", 100, where)),
            "Unigram" => Unigram(e, where),
            "WordLevel" => throw new TokenizerFormatException("tokenizer.json: model type 'WordLevel' is not supported"),
            _ => throw new TokenizerFormatException($"tokenizer.json: model type '{type}' is not supported (expected BPE, WordPiece or Unigram)"),
        };
    }

    private static string Infer(JsonElement e) =>
        Optional(e, "merges") is not null ? "BPE"
        : Optional(e, "vocab") is { ValueKind: JsonValueKind.Array } ? "Unigram"
        : Optional(e, "continuing_subword_prefix") is not null ? "WordPiece"
        : throw new TokenizerFormatException("tokenizer.json: model.type is missing and cannot be inferred (expected BPE, WordPiece or Unigram)");

    private static Dictionary<string, int> VocabObject(JsonElement e, string where)
    {
        var v = Required(e, "vocab", where);
        if (v.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException($"tokenizer.json: {where}.vocab must be an object of token → id, found {v.ValueKind}");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            if (ids.Count >= MaxEntries)
                throw new TokenizerFormatException($"tokenizer.json: {where}.vocab has more than {MaxEntries} entries");
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int id))
                throw new TokenizerFormatException($"tokenizer.json: {where}.vocab[\"{p.Name}\"] must be an integer id, found {p.Value}");
            ids[p.Name] = id;
        }
        return ids;
    }

    private static BpeModel Bpe(JsonElement e, string where)
    {
        if (Optional(e, "dropout") is { } dropout && (dropout.ValueKind != JsonValueKind.Number || dropout.GetDouble() != 0.0))
            throw new TokenizerFormatException($"tokenizer.json: {where}.dropout {dropout} is not supported (expected null or 0: encoding must be deterministic)");
        var vocab = new Vocabulary(VocabObject(e, where), where + ".vocab");
        string prefix = String(e, "continuing_subword_prefix", where) ?? "";
        var pairs = new List<(string, string)>();
        int i = 0;
        foreach (var m in Array(e, "merges", where))
        {
            if (pairs.Count >= MaxEntries)
                throw new TokenizerFormatException($"tokenizer.json: {where}.merges has more than {MaxEntries} entries");
            pairs.Add(MergePair(m, i++, where));
        }
        return new BpeModel(vocab, BpeMerges.Build(pairs, vocab, prefix), String(e, "unk_token", where),
            Bool(e, "fuse_unk", false, where), Bool(e, "byte_fallback", false, where), Bool(e, "ignore_merges", false, where),
            prefix, String(e, "end_of_word_suffix", where) ?? "");
    }

    private static (string, string) MergePair(JsonElement m, int index, string where)
    {
        if (m.ValueKind == JsonValueKind.String)
        {
            string s = m.GetString()!;
            int space = s.IndexOf(' ');
            if (space <= 0 || space == s.Length - 1 || s.IndexOf(' ', space + 1) >= 0)
                throw new TokenizerFormatException($"tokenizer.json: {where}.merges[{index}] \"{s}\" must be two tokens separated by one space");
            return (s[..space], s[(space + 1)..]);
        }
        if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2
            && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
            return (m[0].GetString()!, m[1].GetString()!);
        throw new TokenizerFormatException($"tokenizer.json: {where}.merges[{index}] must be \"a b\" or [\"a\", \"b\"], found {m}");
    }

    private static UnigramModel Unigram(JsonElement e, string where)
    {
        var pieces = new List<(string, double)>();
        int i = 0;
        foreach (var item in Array(e, "vocab", where))
        {
            if (pieces.Count >= MaxEntries)
                throw new TokenizerFormatException($"tokenizer.json: {where}.vocab has more than {MaxEntries} entries");
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2 || item[0].ValueKind != JsonValueKind.String
                || item[1].ValueKind != JsonValueKind.Number)
                throw new TokenizerFormatException($"tokenizer.json: {where}.vocab[{i}] must be a [\"piece\", score] pair, found {item}");
            double score = item[1].GetDouble();
            if (!double.IsFinite(score))
                throw new TokenizerFormatException($"tokenizer.json: {where}.vocab[{i}] has a non-finite score");
            pieces.Add((item[0].GetString()!, score));
            i++;
        }
        if (pieces.Count == 0) throw new TokenizerFormatException($"tokenizer.json: {where}.vocab is empty");
        int unkId = Optional(e, "unk_id") is null
            ? throw new TokenizerFormatException($"tokenizer.json: {where}.unk_id is missing (Unigram needs an unknown token)")
            : Int(e, "unk_id", 0, where);
        return new UnigramModel(pieces, unkId, Bool(e, "byte_fallback", false, where));
    }
}
