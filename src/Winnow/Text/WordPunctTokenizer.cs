using System.Text.RegularExpressions;

namespace Winnow.Text;

/// <summary>
/// NLTK <c>WordPunctTokenizer</c>: maximal runs of word characters or of other non-space characters
/// (<c>\w+|[^\w\s]+</c>), here after lower-casing as DSIR does (METHODS §6.3). .NET's <c>\w</c> is
/// letters, non-spacing marks, decimal digits and connector punctuation; Python's also takes the other
/// numeric categories (², ½) — a difference only for such rare characters.
/// </summary>
public static partial class WordPunctTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var lower = text.ToLowerInvariant();
        var tokens = new List<string>();
        foreach (var match in Pattern().EnumerateMatches(lower))
            tokens.Add(lower.Substring(match.Index, match.Length));
        return tokens;
    }

    [GeneratedRegex(@"\w+|[^\w\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
