using System.Globalization;
using System.Runtime.CompilerServices;

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

    /// <summary>
    /// Finds the next token at or after <paramref name="at"/>: a maximal run of word units or of other non-space units.
    /// False at the end; otherwise its start, with <paramref name="at"/> moved just past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextToken(ReadOnlySpan<char> text, ref int at, out int start)
    {
        while (at < text.Length && Of(text[at]) == Space)
            at++;
        start = at;
        if (at == text.Length)
            return false;
        var kind = Of(text[at]);
        while (at < text.Length && Of(text[at]) == kind)
            at++;
        return true;
    }

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
