namespace Winnow.Tokenizers.Normalizers;

/// <summary>Prepends a fixed string to non-empty text (SentencePiece-style "▁"); it aligns to the first character.</summary>
internal sealed class PrependNormalizer(string prepend) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        if (input.Length == 0 || prepend.Length == 0) return input;
        var b = new NormalizedText.Builder(input.Length + prepend.Length);
        b.Append(prepend, input.OriginalStart(0), input.OriginalEnd(0));
        b.AppendAligned(input, 0, input.Length);
        return b.Build();
    }
}
