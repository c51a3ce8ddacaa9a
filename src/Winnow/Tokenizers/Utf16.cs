namespace Winnow.Tokenizers;

/// <summary>UTF-16 helpers that tolerate lone surrogates (random input may contain them).</summary>
internal static class Utf16
{
    /// <summary>The code point at <paramref name="i"/> (a lone surrogate stands for itself) and its length in units.</summary>
    public static int CodePointAt(string s, int i, out int length)
    {
        char c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            length = 2;
            return char.ConvertToUtf32(c, s[i + 1]);
        }
        length = 1;
        return c;
    }

    /// <summary>Length in units of the code point starting at <paramref name="i"/>.</summary>
    public static int CodePointLength(ReadOnlySpan<char> s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
}
