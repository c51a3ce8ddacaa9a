using System.Text;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>
/// Unicode lowercasing as the reference does it (JavaScript toLowerCase / Rust to_lowercase): simple case mapping
/// plus the two context-free and contextual full mappings that matter in practice, 'İ' → "i̇" and a word-final
/// 'Σ' → 'ς'.
/// </summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public NormalizedText Normalize(NormalizedText input) => Apply(input);

    public static NormalizedText Apply(NormalizedText input) => CodePointRewriter.Apply(input, Lower);

    private static string? Lower(string text, int index, Rune rune)
    {
        if (rune.Value < 0x80)
            return rune.Value is >= 'A' and <= 'Z' ? AsciiLower[rune.Value - 'A'] : null;
        if (rune.Value == 0x130) return "i\u0307";
        if (rune.Value == 0x3A3) return IsFinalSigma(text, index) ? "\u03C2" : "\u03C3";
        var lower = Rune.ToLowerInvariant(rune);
        return lower == rune ? null : lower.ToString();
    }

    private static readonly string[] AsciiLower = [.. Enumerable.Range('a', 26).Select(c => ((char)c).ToString())];

    // Final_Sigma (Unicode SpecialCasing): preceded by a cased letter and not followed by one.
    private static bool IsFinalSigma(string text, int index)
    {
        bool before = index > 0 && char.IsLetter(text[index - 1]);
        bool after = index + 1 < text.Length && char.IsLetter(text[index + 1]);
        return before && !after;
    }
}
