namespace Winnow.Tokenizers.Normalizers;

/// <summary>
/// Replaces every match of a literal or regex pattern with fixed content; the replacement is aligned to the span of
/// the match (an empty replacement deletes it).
/// </summary>
internal sealed class ReplaceNormalizer(PreTokenizers.IPatternMatcher pattern, string content) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        var matches = new List<(int Start, int End)>();
        pattern.FindMatches(input.Text, matches);
        if (matches.Count == 0) return input;
        if (content.Length == 1 && matches.TrueForAll(m => m.End - m.Start == 1))
        {
            // Same length: keep the alignment as it is.
            var chars = input.Text.ToCharArray();
            foreach (var m in matches) chars[m.Start] = content[0];
            return input.WithSameLengthText(new string(chars));
        }
        var b = new NormalizedText.Builder(input.Length + matches.Count * content.Length);
        int at = 0;
        foreach (var (start, end) in matches)
        {
            b.AppendAligned(input, at, start);
            var (os, oe) = input.OriginalSpan(start, end);
            b.Append(content, os, oe);
            at = end;
        }
        b.AppendAligned(input, at, input.Length);
        return b.Build();
    }
}
