using System.Globalization;
using System.Text;
using Winnow.Text.Unicode;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>
/// BERT's normalizer: drop NUL, U+FFFD and control/format/private-use characters (keeping \t \n \r), turn white space
/// into ' ', surround CJK ideographs with spaces, then lowercase and strip accents (strip_accents null follows
/// lowercase). Like the reference (transformers.js) the CJK test looks at UTF-16 units, so only BMP ideographs are
/// padded.
/// </summary>
internal sealed class BertNormalizer(bool cleanText, bool handleChineseChars, bool? stripAccents, bool lowercase) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        if (cleanText) input = CodePointRewriter.Apply(input, Clean);
        if (handleChineseChars) input = CodePointRewriter.Apply(input, PadChinese);
        if (lowercase) input = LowercaseNormalizer.Apply(input);
        if (stripAccents ?? lowercase)
        {
            input = UnicodeFormNormalizer.Apply(input, UnicodeForm.Nfd);
            input = StripAccentsNormalizer.Apply(input);
        }
        return input;
    }

    private static string? Clean(string text, int index, Rune rune)
    {
        int cp = rune.Value;
        if (cp is '\t' or '\n' or '\r') return " ";
        if (cp is 0 or 0xFFFD) return "";
        var cat = Rune.GetUnicodeCategory(rune);
        if (cat is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate)
            return "";
        if (cp != ' ' && Rune.IsWhiteSpace(rune)) return " ";
        return null;
    }

    private static string? PadChinese(string text, int index, Rune rune) =>
        rune.IsBmp && IsChineseChar(rune.Value) ? " " + rune.ToString() + " " : null;

    /// <summary>The CJK Unified Ideographs blocks of the original BERT code.</summary>
    public static bool IsChineseChar(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
