namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Applies pre-tokenizers one after the other.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> preTokenizers) : IPreTokenizer
{
    public List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex)
    {
        foreach (var p in preTokenizers) pieces = p.PreTokenize(pieces, sectionIndex);
        return pieces;
    }
}
