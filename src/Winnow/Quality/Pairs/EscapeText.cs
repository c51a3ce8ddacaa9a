using System.Globalization;
using System.Text;

namespace Winnow.Quality.Pairs;

/// <summary>
/// Decodes the string-literal escapes that the original (<c>neg</c>) responses of CaR's APE files carry and the
/// expert responses never do: <c>\n</c>, <c>\t</c>, <c>\r</c>, <c>\"</c>, <c>\'</c>, <c>\/</c>, <c>\\</c> and
/// <c>\uXXXX</c> (four hex digits; a surrogate pair written as two escapes joins into one character). Any other
/// backslash is kept as written, so LaTeX such as <c>\frac</c> or <c>\sqrt</c> survives. Both sides of a pair go
/// through this same function before any feature is computed; otherwise a scorer learns the file format (a
/// character model separates the sides on escapes alone). One known cost of applying one rule to both sides: a
/// LaTeX command that starts with n, t or r (<c>\times</c>, <c>\nabla</c>) loses its backslash and first letter
/// to a tab or newline on either side alike.
/// </summary>
public static class EscapeText
{
    public static string Decode(string text)
    {
        if (!text.Contains('\\'))
            return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 == text.Length)
            {
                result.Append(c);
                continue;
            }
            var next = text[i + 1];
            switch (next)
            {
                case 'n': result.Append('\n'); i++; break;
                case 't': result.Append('\t'); i++; break;
                case 'r': result.Append('\r'); i++; break;
                case '"' or '\'' or '/' or '\\': result.Append(next); i++; break;
                case 'u' when IsHex4(text, i + 2):
                    result.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 5;
                    break;
                default: result.Append(c); break;
            }
        }
        return result.ToString();
    }

    private static bool IsHex4(string text, int start)
    {
        if (start + 4 > text.Length)
            return false;
        for (var k = start; k < start + 4; k++)
        {
            if (!char.IsAsciiHexDigit(text[k]))
                return false;
        }
        return true;
    }
}
