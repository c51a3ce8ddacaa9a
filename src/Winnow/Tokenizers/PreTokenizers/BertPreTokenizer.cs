namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>BertPreTokenizer: removes white space and isolates every punctuation character.</summary>
internal sealed class BertPreTokenizer : IPreTokenizer
{
    private static readonly WhitespaceSplitPreTokenizer Whitespace = new();
    private static readonly PunctuationPreTokenizer Punctuation = new(SplitDelimiterBehavior.Isolated);

    public List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex) =>
        Punctuation.PreTokenize(Whitespace.PreTokenize(pieces, sectionIndex), sectionIndex);
}
