namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>
/// Base for pre-tokenizers that split on a per-code-point rule: each code point is either kept in a word, a
/// delimiter handled by a <see cref="SplitDelimiterBehavior"/>, or removed white space.
/// </summary>
internal abstract class CharPredicatePreTokenizer(SplitDelimiterBehavior behavior) : IPreTokenizer
{
    /// <summary>True when the code point at <paramref name="i"/> is a delimiter.</summary>
    protected abstract bool IsDelimiter(string text, int i, int codePoint);

    public List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex)
    {
        var output = new List<NormalizedText>(pieces.Count * 4);
        var matches = new List<(int, int)>();
        foreach (var piece in pieces)
        {
            matches.Clear();
            string t = piece.Text;
            for (int i = 0; i < t.Length;)
            {
                int cp = Utf16.CodePointAt(t, i, out int len);
                if (IsDelimiter(t, i, cp)) matches.Add((i, i + len));
                i += len;
            }
            PieceSplitter.Split(piece, matches, behavior, false, output);
        }
        return output;
    }
}
