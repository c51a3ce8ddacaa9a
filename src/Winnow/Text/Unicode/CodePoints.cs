namespace Winnow.Text.Unicode;

/// <summary>
/// Splits a string into code points the way JavaScript's string iterator (<c>for (const c of s)</c>) does, which
/// is how the USE-lite tokenizer sees text: a valid surrogate pair is one code point, a lone surrogate is kept
/// as its own value (where <see cref="string.EnumerateRunes"/> would substitute U+FFFD).
/// </summary>
internal static class CodePoints
{
    public static List<int> Of(string text)
    {
        var points = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                points.Add(char.ConvertToUtf32(c, text[i + 1]));
                i++;
            }
            else
            {
                points.Add(c);
            }
        }
        return points;
    }
}
