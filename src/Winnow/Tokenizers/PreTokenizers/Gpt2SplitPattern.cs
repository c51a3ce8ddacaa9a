namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>
/// Hand-written, linear-time equivalent of GPT-2's split regex
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>
/// (the ByteLevel pre-tokenizer's pattern). Written out by hand because .NET's Regex classifies UTF-16 units, not
/// code points, and because it is several times faster than the regex.
/// </summary>
internal sealed class Gpt2SplitPattern : IPatternMatcher
{
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static readonly Gpt2SplitPattern Instance = new();

    public void FindMatches(string text, List<(int Start, int End)> matches)
    {
        for (int i = 0; i < text.Length;)
        {
            int end = MatchAt(text, i);
            matches.Add((i, end));
            i = end;
        }
    }

    private static int MatchAt(string s, int i)
    {
        int contraction = SplitPatternHelpers.Contraction(s, i, ignoreCase: false);
        if (contraction > 0) return i + contraction;
        var kind = CharClass.At(s, i, out int len);
        if (s[i] == ' ' && i + 1 < s.Length)
        {
            var next = CharClass.At(s, i + 1, out _);
            if (next != CharKind.Space) return CharClass.RunEnd(s, i + 1, next);
        }
        if (kind != CharKind.Space) return CharClass.RunEnd(s, i + len, kind);
        return SplitPatternHelpers.WhitespaceRun(s, i);
    }
}
