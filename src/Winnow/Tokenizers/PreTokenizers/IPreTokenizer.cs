namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>A pre-tokenizer of tokenizer.json's "pre_tokenizer" section: splits (and may rewrite) pieces of text.</summary>
internal interface IPreTokenizer
{
    /// <param name="pieces">The pieces so far (of one section of the input).</param>
    /// <param name="sectionIndex">Index of the section in the input after splitting off added tokens (Metaspace "first" looks at it).</param>
    List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex);
}
