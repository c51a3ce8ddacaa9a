namespace Winnow.Tokenizers.Decoders;

/// <summary>Strip: removes up to <c>start</c> leading and <c>stop</c> trailing occurrences of a character from every token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        foreach (string t in tokens)
        {
            int s = 0, e = t.Length;
            while (s < start && s < e && t[s] == content) s++;
            for (int k = 0; k < stop && e > s && t[e - 1] == content; k++) e--;
            output.Add(t[s..e]);
        }
        return output;
    }
}
