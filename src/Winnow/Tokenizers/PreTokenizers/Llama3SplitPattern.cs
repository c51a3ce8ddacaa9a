namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>
/// Hand-written, linear-time equivalent of the Llama-3 / Qwen2 / Qwen3 split regex
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>
/// with D = 3 (Llama-3) or D = 1 (Qwen, written <c>\p{N}</c>). Code-point based, like the reference; the
/// case-insensitive contractions fold ASCII only, as the reference does.
/// </summary>
internal sealed class Llama3SplitPattern(int maxDigits) : IPatternMatcher
{
    private const string Head = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|";
    private const string Tail = @"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The pattern text with three-digit groups (Llama-3).</summary>
    public const string ThreeDigitPattern = Head + @"\p{N}{1,3}" + Tail;

    /// <summary>The pattern text with single digits (Qwen2/Qwen3).</summary>
    public const string SingleDigitPattern = Head + @"\p{N}" + Tail;

    public int MaxDigits { get; } = maxDigits;

    public void FindMatches(string text, List<(int Start, int End)> matches)
    {
        for (int i = 0; i < text.Length;)
        {
            int end = MatchAt(text, i);
            matches.Add((i, end));
            i = end;
        }
    }

    private int MatchAt(string s, int i)
    {
        int contraction = SplitPatternHelpers.Contraction(s, i, ignoreCase: true);
        if (contraction > 0) return i + contraction;
        char c = s[i];
        var kind = CharClass.At(s, i, out int len);
        if (kind == CharKind.Letter) return CharClass.RunEnd(s, i + len, CharKind.Letter);
        if (kind != CharKind.Number && c is not ('\r' or '\n') && i + len < s.Length
            && CharClass.At(s, i + len, out _) == CharKind.Letter)
            return CharClass.RunEnd(s, i + len, CharKind.Letter);
        if (kind == CharKind.Number)
        {
            int j = i, digits = 0;
            while (j < s.Length && digits < MaxDigits && CharClass.At(s, j, out int l) == CharKind.Number) { j += l; digits++; }
            return j;
        }
        if (c == ' ' && i + 1 < s.Length && CharClass.At(s, i + 1, out _) == CharKind.Other)
            return NewlinesAfter(s, CharClass.RunEnd(s, i + 1, CharKind.Other));
        if (kind == CharKind.Other) return NewlinesAfter(s, CharClass.RunEnd(s, i + len, CharKind.Other));

        int runEnd = CharClass.RunEnd(s, i, CharKind.Space);
        for (int k = runEnd - 1; k >= i; k--)
            if (s[k] is '\r' or '\n') return k + 1;
        return SplitPatternHelpers.WhitespaceRun(s, i);
    }

    private static int NewlinesAfter(string s, int j)
    {
        while (j < s.Length && s[j] is '\r' or '\n') j++;
        return j;
    }
}
