namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Matches every (non-overlapping) occurrence of a fixed string, ordinal comparison.</summary>
internal sealed class LiteralPatternMatcher : IPatternMatcher
{
    private readonly string _literal;

    public LiteralPatternMatcher(string literal)
    {
        if (literal.Length == 0) throw new ArgumentException("a String pattern must not be empty", nameof(literal));
        _literal = literal;
    }

    public void FindMatches(string text, List<(int Start, int End)> matches)
    {
        int at = 0;
        while (at <= text.Length - _literal.Length)
        {
            int i = text.IndexOf(_literal, at, StringComparison.Ordinal);
            if (i < 0) break;
            matches.Add((i, i + _literal.Length));
            at = i + _literal.Length;
        }
    }
}
