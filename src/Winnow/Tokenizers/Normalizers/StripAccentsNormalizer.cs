using System.Globalization;
using System.Text;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>Removes non-spacing marks (category Mn). Like the reference it does not decompose first: pair it with NFD.</summary>
internal sealed class StripAccentsNormalizer : INormalizer
{
    public NormalizedText Normalize(NormalizedText input) => Apply(input);

    public static NormalizedText Apply(NormalizedText input) =>
        CodePointRewriter.Apply(input, static (_, _, rune) =>
            Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark ? "" : null);
}
