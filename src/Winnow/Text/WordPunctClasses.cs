using System.Globalization;

namespace Winnow.Text;

/// <summary>
/// The class of every UTF-16 code unit under <see cref="WordPunctTokenizer"/>'s pattern <c>\w+|[^\w\s]+</c>, so that
/// a scanner can split text into the same tokens without the regex: a token is a maximal run of word units or of
/// other non-space units. The regex tests code units one at a time (a surrogate is category Cs: neither word nor
/// space), so a table over the 65,536 units is the whole rule; the tests check it against the regex unit by unit.
/// </summary>
internal static class WordPunctClasses
{
    public const byte Space = 0;
    public const byte Word = 1;
    public const byte Other = 2;

    private static readonly byte[] Table = Build();

    public static byte Of(char c) => Table[c];

    /// <summary>.NET's <c>\w</c>: letters, non-spacing marks, decimal digits, connector punctuation; <c>\s</c>: white space.</summary>
    private static byte[] Build()
    {
        var table = new byte[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] = CharUnicodeInfo.GetUnicodeCategory((char)c) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                    or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => Word,
                _ when char.IsWhiteSpace((char)c) => Space,
                _ => Other,
            };
        }
        return table;
    }
}
