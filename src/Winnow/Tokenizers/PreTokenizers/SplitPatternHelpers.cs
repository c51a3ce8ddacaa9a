namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Pieces shared by the hand-written GPT-2 family split patterns.</summary>
internal static class SplitPatternHelpers
{
    /// <summary>Length of the English contraction ('s 't 're 've 'm 'll 'd) at <paramref name="i"/>, or 0.</summary>
    public static int Contraction(string s, int i, bool ignoreCase)
    {
        if (s[i] != '\'' || i + 1 >= s.Length) return 0;
        char a = Fold(s[i + 1], ignoreCase);
        if (a is 's' or 't' or 'm' or 'd') return 2;
        if (i + 2 >= s.Length) return 0;
        char b = Fold(s[i + 2], ignoreCase);
        return (a, b) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 3 : 0;
    }

    private static char Fold(char c, bool ignoreCase) => ignoreCase && c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    /// <summary>
    /// <c>\s+(?!\S)|\s+</c> at a white-space character: the whole run if it reaches the end of the text or is a
    /// single character, otherwise the run minus its last character (which then leads the next word).
    /// </summary>
    public static int WhitespaceRun(string s, int i)
    {
        int j = CharClass.RunEnd(s, i, CharKind.Space);
        if (j == s.Length || j - i < 2) return j;
        return j - 1;
    }
}
