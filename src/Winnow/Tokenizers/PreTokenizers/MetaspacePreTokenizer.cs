namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>When Metaspace adds its leading replacement character.</summary>
internal enum PrependScheme { Always, Never, First }

/// <summary>
/// Metaspace (SentencePiece): replaces ' ' by the replacement character (default '▁'), prepends one unless the piece
/// already starts with it (scheme Always, or First for the first section only), then, when <c>split</c> is on,
/// cuts before every replacement character.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : IPreTokenizer
{
    public List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex)
    {
        var output = new List<NormalizedText>(pieces.Count * 4);
        var matches = new List<(int, int)>();
        for (int p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            if (piece.Text.Contains(' ')) piece = piece.WithSameLengthText(piece.Text.Replace(' ', replacement));
            bool prepend = scheme == PrependScheme.Always || (scheme == PrependScheme.First && sectionIndex == 0 && p == 0);
            if (prepend && piece.Length > 0 && piece.Text[0] != replacement)
            {
                var b = new NormalizedText.Builder(piece.Length + 1);
                b.Append(replacement, piece.OriginalStart(0), piece.OriginalStart(0));
                b.AppendAligned(piece, 0, piece.Length);
                piece = b.Build();
            }
            if (!split) { output.Add(piece); continue; }
            matches.Clear();
            for (int i = 0; i < piece.Length; i++) if (piece.Text[i] == replacement) matches.Add((i, i + 1));
            PieceSplitter.Split(piece, matches, SplitDelimiterBehavior.MergedWithNext, false, output);
        }
        return output;
    }
}
