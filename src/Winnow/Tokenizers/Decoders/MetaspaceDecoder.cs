namespace Winnow.Tokenizers.Decoders;

/// <summary>Metaspace: the replacement character becomes ' ', and the first token loses the space the pre-tokenizer prepended.</summary>
internal sealed class MetaspaceDecoder(char replacement, bool stripFirstSpace) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i].Replace(replacement, ' ');
            if (i == 0 && stripFirstSpace && t.StartsWith(' ')) t = t[1..];
            output.Add(t);
        }
        return output;
    }
}
