namespace Winnow.Tokenizers.Decoders;

/// <summary>WordPiece: continuation pieces lose their prefix and join the previous word; other tokens are preceded by a space; optional English clean-up.</summary>
internal sealed class WordPieceDecoder(string prefix, bool cleanup) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i];
            if (i != 0)
                t = t.StartsWith(prefix, StringComparison.Ordinal) ? t[prefix.Length..] : " " + t;
            if (cleanup) t = Cleanup(t);
            output.Add(t);
        }
        return output;
    }

    /// <summary>The reference's clean-up of tokenization spaces (" ." → "." and English contractions).</summary>
    internal static string Cleanup(string s) => s
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
        .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" do not", " don't").Replace(" 's", "'s")
        .Replace(" 've", "'ve").Replace(" 're", "'re");
}
