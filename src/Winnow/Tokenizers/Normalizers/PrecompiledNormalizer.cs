using System.Text;
using Winnow.Text.Unicode;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>
/// SentencePiece "Precompiled" normalizer, implemented as the reference implementation (transformers.js) does for the
/// default nmt_nfkc rules: drop C0/C1 control characters, map a fixed set of space-like characters to ' ', then NFKC,
/// except that U+FF5E FULLWIDTH TILDE is kept as is. The compiled char-map blob itself (a darts-clone double-array
/// trie plus replacement strings) is checked to be base64 but not interpreted: the reference fixtures were produced
/// by this approximation, which the whole xlmr-unigram-test fixture agrees with. A tokenizer whose charsmap encodes
/// other rules (nfkc_cf, identity, custom) is therefore normalized as nmt_nfkc.
/// </summary>
internal sealed class PrecompiledNormalizer : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        input = CodePointRewriter.Apply(input, MapControlAndSpaces);
        if (input.Text.Contains('\uFF5E'))
        {
            // NFKC would turn the fullwidth tilde into '~'; SentencePiece's nmt_nfkc table does not.
            var parts = new List<NormalizedText>();
            int at = 0;
            string t = input.Text;
            for (int i = 0; i <= t.Length; i++)
            {
                if (i < t.Length && t[i] != '\uFF5E') continue;
                parts.Add(UnicodeFormNormalizer.Apply(input.Slice(at, i), UnicodeForm.Nfkc));
                if (i < t.Length) parts.Add(input.Slice(i, i + 1));
                at = i + 1;
            }
            return parts.Aggregate(NormalizedText.Concat);
        }
        return UnicodeFormNormalizer.Apply(input, UnicodeForm.Nfkc);
    }

    private static string? MapControlAndSpaces(string text, int index, Rune rune)
    {
        int c = rune.Value;
        if (c is >= 0x01 and <= 0x08 or 0x0B or >= 0x0E and <= 0x1F or 0x7F or 0x8F or 0x9F) return "";
        if (c is 0x09 or 0x0A or 0x0C or 0x0D or 0xA0 or 0x1680 or >= 0x2000 and <= 0x200F or 0x2028 or 0x2029
            or 0x202F or 0x205F or 0x2581 or 0x3000 or 0xFEFF or 0xFFFD)
            return " ";
        return null;
    }
}
