namespace Winnow.Tokenizers.Normalizers;

/// <summary>A text normalizer of tokenizer.json's "normalizer" section; keeps the alignment to the original text.</summary>
internal interface INormalizer
{
    NormalizedText Normalize(NormalizedText input);
}
