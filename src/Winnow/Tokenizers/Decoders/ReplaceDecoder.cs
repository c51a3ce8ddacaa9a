namespace Winnow.Tokenizers.Decoders;

/// <summary>Replace: replaces every match of a pattern in each token by fixed content.</summary>
internal sealed class ReplaceDecoder(PreTokenizers.IPatternMatcher pattern, string content) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var matches = new List<(int Start, int End)>();
        foreach (string t in tokens)
        {
            matches.Clear();
            pattern.FindMatches(t, matches);
            if (matches.Count == 0) { output.Add(t); continue; }
            var sb = new System.Text.StringBuilder(t.Length);
            int at = 0;
            foreach (var (s, e) in matches)
            {
                sb.Append(t, at, s - at).Append(content);
                at = e;
            }
            sb.Append(t, at, t.Length - at);
            output.Add(sb.ToString());
        }
        return output;
    }
}
