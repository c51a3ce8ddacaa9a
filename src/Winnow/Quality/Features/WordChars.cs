using System.Globalization;

namespace Winnow.Quality.Features;

/// <summary>
/// The word characters of .NET's regex <c>\w</c> (letters, non-spacing marks, decimal digits, connector
/// punctuation), as a table over all UTF-16 code units: the words of <see cref="Winnow.Text.WordPunctTokenizer"/>
/// are exactly the maximal runs of them, so scanning for runs gives its tokens without running the regex.
/// </summary>
internal static class WordChars
{
    private static readonly bool[] Table = Build();

    public static bool IsWord(char c) => Table[c];

    private static bool[] Build()
    {
        var table = new bool[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] = char.GetUnicodeCategory((char)c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
        }
        return table;
    }
}
