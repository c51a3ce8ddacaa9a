using System.Text;

namespace Winnow.Text;

/// <summary>
/// Word tokenisation of LexicalRichness (METHODS §6.1): lower-case, delete digits, delete en dash, em dash and
/// "-", replace every ASCII punctuation character by a space, split on whitespace. Deleting (not spacing) the
/// hyphen is deliberate: the reference turns "well-known" into one token "wellknown".
/// </summary>
public static class LexicalTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsDigit(c) || c is '-' or '\u2013' or '\u2014')
                continue;
            if (char.IsWhiteSpace(c) || IsAsciiPunctuation(c))
            {
                Flush(current, tokens);
                continue;
            }
            current.Append(c);
        }
        Flush(current, tokens);
        return tokens;
    }

    /// <summary>Python's <c>string.punctuation</c>: the 32 printable ASCII characters that are neither letters, digits nor space.</summary>
    public static bool IsAsciiPunctuation(char c) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~';

    private static void Flush(StringBuilder current, List<string> tokens)
    {
        if (current.Length == 0)
            return;
        tokens.Add(current.ToString());
        current.Clear();
    }
}
