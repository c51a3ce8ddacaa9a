namespace Winnow.Tokenizers.Decoders;

/// <summary>The "decoder" section of tokenizer.json: rewrites the token strings of a decode; the results are concatenated.</summary>
internal interface IDecoder
{
    List<string> DecodeChain(List<string> tokens);
}
