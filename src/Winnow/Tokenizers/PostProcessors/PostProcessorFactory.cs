using System.Text.Json;
using static Winnow.Tokenizers.JsonFields;

namespace Winnow.Tokenizers.PostProcessors;

/// <summary>Builds a post-processor from tokenizer.json's "post_processor" object; unknown types are refused by name.</summary>
internal static class PostProcessorFactory
{
    public static IPostProcessor Create(JsonElement e, string where)
    {
        string type = TypeOf(e, where);
        return type switch
        {
            "TemplateProcessing" => Template(e, where),
            "BertProcessing" => new TemplateProcessor([Pair(e, "cls", where), Sequence, Pair(e, "sep", where)]),
            "RobertaProcessing" => new SequenceProcessor([
                new TemplateProcessor([Pair(e, "cls", where), Sequence, Pair(e, "sep", where)]),
                new OffsetTrimmingProcessor(Bool(e, "trim_offsets", true, where))]),
            "ByteLevel" => new OffsetTrimmingProcessor(Bool(e, "trim_offsets", true, where)),
            "Sequence" => new SequenceProcessor(
                [.. Array(e, "processors", where).Select((p, i) => Create(p, $"{where}.processors[{i}]"))]),
            _ => throw new TokenizerFormatException($"tokenizer.json: {where} type '{type}' is not supported"),
        };
    }

    private static readonly TemplatePiece Sequence = new(true, [], []);

    /// <summary>A ["token", id] pair of BertProcessing / RobertaProcessing.</summary>
    private static TemplatePiece Pair(JsonElement e, string name, string where)
    {
        var v = Required(e, name, where);
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 2 || v[0].ValueKind != JsonValueKind.String
            || !v[1].TryGetInt32(out int id))
            throw new TokenizerFormatException($"tokenizer.json: {where}.{name} must be a [\"token\", id] pair");
        return new TemplatePiece(false, [id], [v[0].GetString()!]);
    }

    private static TemplateProcessor Template(JsonElement e, string where)
    {
        var specials = new Dictionary<string, TemplatePiece>(StringComparer.Ordinal);
        if (Optional(e, "special_tokens") is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var p in map.EnumerateObject())
            {
                string w = $"{where}.special_tokens[\"{p.Name}\"]";
                int[] ids = [.. Array(p.Value, "ids", w).Select(x => x.TryGetInt32(out int i) ? i
                    : throw new TokenizerFormatException($"tokenizer.json: {w}.ids must hold integers"))];
                string[] tokens = [.. Array(p.Value, "tokens", w).Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()!
                    : throw new TokenizerFormatException($"tokenizer.json: {w}.tokens must hold strings"))];
                if (ids.Length != tokens.Length)
                    throw new TokenizerFormatException($"tokenizer.json: {w} has {ids.Length} ids but {tokens.Length} tokens");
                specials[p.Name] = new TemplatePiece(false, ids, tokens);
            }
        }
        var single = new List<TemplatePiece>();
        int k = 0;
        foreach (var item in Array(e, "single", where))
        {
            string w = $"{where}.single[{k++}]";
            if (Optional(item, "Sequence") is { } seq)
            {
                string id = RequiredString(seq, "id", w + ".Sequence");
                if (id != "A") throw new TokenizerFormatException($"tokenizer.json: {w}.Sequence.id is '{id}'; a single template may only use A");
                single.Add(Sequence);
            }
            else if (Optional(item, "SpecialToken") is { } sp)
            {
                string id = RequiredString(sp, "id", w + ".SpecialToken");
                single.Add(specials.TryGetValue(id, out var piece) ? piece
                    : throw new TokenizerFormatException($"tokenizer.json: {w} names special token '{id}', which is not in {where}.special_tokens"));
            }
            else throw new TokenizerFormatException($"tokenizer.json: {w} must be a Sequence or a SpecialToken item");
        }
        return new TemplateProcessor(single);
    }
}
