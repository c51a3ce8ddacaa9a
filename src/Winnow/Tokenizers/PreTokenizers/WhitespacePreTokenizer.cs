using System.Globalization;

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>
/// Whitespace: the pattern <c>\w+|[^\w\s]+</c> (word characters = letters, marks, decimal digits, connector
/// punctuation), white space removed.
/// </summary>
internal sealed class WhitespacePreTokenizer : IPreTokenizer, IPatternMatcher
{
    public List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex) =>
        new SplitPreTokenizer(this, SplitDelimiterBehavior.Removed, invert: true).PreTokenize(pieces, sectionIndex);

    public void FindMatches(string text, List<(int Start, int End)> matches)
    {
        for (int i = 0; i < text.Length;)
        {
            int kind = Kind(text, i, out int len);
            if (kind == 0) { i += len; continue; }
            int j = i + len;
            while (j < text.Length && Kind(text, j, out int l) == kind) j += l;
            matches.Add((i, j));
            i = j;
        }
    }

    /// <summary>0 white space, 1 word character, 2 anything else.</summary>
    private static int Kind(string s, int i, out int len)
    {
        int cp = Utf16.CodePointAt(s, i, out len);
        if (char.IsWhiteSpace(s[i])) return 0;
        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        bool word = cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.ConnectorPunctuation;
        return word ? 1 : 2;
    }
}
