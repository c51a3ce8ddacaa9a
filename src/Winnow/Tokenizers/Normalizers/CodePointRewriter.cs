using System.Text;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>
/// Rewrites a text code point by code point; every output unit of a rewritten code point is aligned to the span
/// of that code point. Returns the input unchanged (no allocation) when no code point is rewritten.
/// </summary>
internal static class CodePointRewriter
{
    /// <summary>Returns null to keep the code point, "" to drop it, or its replacement.</summary>
    public delegate string? Rewrite(string text, int index, Rune rune);

    public static NormalizedText Apply(NormalizedText input, Rewrite rewrite)
    {
        string text = input.Text;
        int first = -1;
        for (int i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out int used);
            if (rewrite(text, i, rune) is not null) { first = i; break; }
            i += used;
        }
        if (first < 0) return input;

        var b = new NormalizedText.Builder(text.Length + 8);
        b.AppendAligned(input, 0, first);
        for (int i = first; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out int used);
            string? replacement = rewrite(text, i, rune);
            if (replacement is null) b.AppendAligned(input, i, i + used);
            else b.Append(replacement, input.OriginalStart(i), input.OriginalEnd(i + used - 1));
            i += used;
        }
        return b.Build();
    }
}
