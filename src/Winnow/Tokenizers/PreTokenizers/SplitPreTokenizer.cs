namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Split: cuts every piece at the matches of a literal or regex pattern, with a delimiter behaviour and optional inversion.</summary>
internal sealed class SplitPreTokenizer(IPatternMatcher pattern, SplitDelimiterBehavior behavior, bool invert) : IPreTokenizer
{
    public List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex)
    {
        var output = new List<NormalizedText>(pieces.Count * 4);
        var matches = new List<(int, int)>();
        foreach (var piece in pieces)
        {
            matches.Clear();
            pattern.FindMatches(piece.Text, matches);
            PieceSplitter.Split(piece, matches, behavior, invert, output);
        }
        return output;
    }
}
