using System.Text.Json;
using static Winnow.Tokenizers.JsonFields;

namespace Winnow.Tokenizers.Decoders;

/// <summary>Builds a decoder from tokenizer.json's "decoder" object; unknown types are refused by name.</summary>
internal static class DecoderFactory
{
    public static IDecoder Create(JsonElement e, string where)
    {
        string type = TypeOf(e, where);
        return type switch
        {
            "ByteLevel" => new ByteLevelDecoder(),
            "Metaspace" => new MetaspaceDecoder(SingleChar(e, "replacement", '\u2581', where),
                PreTokenizers.PreTokenizerFactory.Scheme(e, where) != PreTokenizers.PrependScheme.Never),
            "WordPiece" => new WordPieceDecoder(String(e, "prefix", where) ?? "##", Bool(e, "cleanup", true, where)),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(SingleChar(e, "content", ' ', where), Int(e, "start", 0, where), Int(e, "stop", 0, where)),
            "Replace" => new ReplaceDecoder(Pattern(e, where), RequiredString(e, "content", where)),
            "Sequence" => new SequenceDecoder(
                [.. Array(e, "decoders", where).Select((d, i) => Create(d, $"{where}.decoders[{i}]"))]),
            _ => throw new TokenizerFormatException($"tokenizer.json: {where} type '{type}' is not supported"),
        };
    }
}
