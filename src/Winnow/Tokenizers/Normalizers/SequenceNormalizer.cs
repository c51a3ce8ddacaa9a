namespace Winnow.Tokenizers.Normalizers;

/// <summary>Applies normalizers one after the other.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> normalizers) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        foreach (var n in normalizers) input = n.Normalize(input);
        return input;
    }
}
