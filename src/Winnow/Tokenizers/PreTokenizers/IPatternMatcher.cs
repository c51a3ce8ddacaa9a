namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Finds the non-overlapping, non-empty matches of a split/replace pattern, left to right.</summary>
internal interface IPatternMatcher
{
    void FindMatches(string text, List<(int Start, int End)> matches);
}
