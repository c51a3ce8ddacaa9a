using System.Globalization;
using Winnow.Text.Unicode;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>
/// NFC / NFD / NFKC / NFKD on UCD 14.0 data, the Unicode version Hugging Face tokenizers' output was checked against. Normalizes one extended grapheme cluster at a time so that every output unit can be
/// aligned to the cluster it came from (composition never crosses a cluster boundary in practice).
/// </summary>
internal sealed class UnicodeFormNormalizer(UnicodeForm form) : INormalizer
{
    public UnicodeForm Form { get; } = form;

    public NormalizedText Normalize(NormalizedText input) => Apply(input, Form);

    public static NormalizedText Apply(NormalizedText input, UnicodeForm form)
    {
        string text = input.Text;
        if (UnicodeNormalizer.IsTriviallyStable(text, form)) return input;
        NormalizedText.Builder? b = null;
        for (int i = 0; i < text.Length;)
        {
            int len = StringInfo.GetNextTextElementLength(text.AsSpan(i));
            var element = text.AsSpan(i, len);
            if (UnicodeNormalizer.IsTriviallyStable(element, form))
            {
                b?.AppendAligned(input, i, i + len);
            }
            else
            {
                string normalized = UnicodeNormalizer.Normalize(element.ToString(), form, UnicodeTables.Ucd14);
                if (b is null && !element.SequenceEqual(normalized))
                {
                    b = new NormalizedText.Builder(text.Length + 8);
                    b.AppendAligned(input, 0, i);
                }
                if (b is not null)
                {
                    if (element.SequenceEqual(normalized)) b.AppendAligned(input, i, i + len);
                    else b.Append(normalized, input.OriginalStart(i), input.OriginalEnd(i + len - 1));
                }
            }
            i += len;
        }
        return b?.Build() ?? input;
    }
}
