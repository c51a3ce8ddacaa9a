using System.Globalization;

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>The classes the GPT-2 family split patterns distinguish: \p{L}, \p{N}, \s and everything else.</summary>
internal enum CharKind : byte { Letter, Number, Space, Other }

/// <summary>
/// Code-point classification for the hand-written split patterns. Works on code points (a surrogate pair is one
/// character), as Oniguruma and JavaScript's /u regexes do and .NET's Regex does not.
/// </summary>
internal static class CharClass
{
    private static readonly CharKind[] Ascii = BuildAscii();

    private static CharKind[] BuildAscii()
    {
        var table = new CharKind[128];
        for (int c = 0; c < 128; c++) table[c] = OfCategory((char)c, CharUnicodeInfo.GetUnicodeCategory((char)c));
        return table;
    }

    private static CharKind OfCategory(char c, UnicodeCategory cat) => cat switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Number,
        _ => char.IsWhiteSpace(c) ? CharKind.Space : CharKind.Other,
    };

    /// <summary>Class of the code point at <paramref name="i"/>; <paramref name="length"/> is 2 for a surrogate pair.</summary>
    public static CharKind At(string s, int i, out int length)
    {
        char c = s[i];
        length = 1;
        if (c < 128) return Ascii[c];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            length = 2;
            return OfCategory(c, CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1])));
        }
        return OfCategory(c, CharUnicodeInfo.GetUnicodeCategory(c));
    }

    /// <summary>End of the run of code points of class <paramref name="kind"/> starting at <paramref name="i"/>.</summary>
    public static int RunEnd(string s, int i, CharKind kind)
    {
        while (i < s.Length && At(s, i, out int len) == kind) i += len;
        return i;
    }

    /// <summary>BERT's punctuation: any Unicode P* category plus the ASCII symbol ranges.</summary>
    public static bool IsBertPunctuation(int cp) =>
        cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126
        || (CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation);
}
