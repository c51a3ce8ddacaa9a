namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>What a split does with the delimiter it matched (tokenizer.json "behavior").</summary>
internal enum SplitDelimiterBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous }

/// <summary>Cuts one piece at a list of matches according to a <see cref="SplitDelimiterBehavior"/>.</summary>
internal static class PieceSplitter
{
    public static SplitDelimiterBehavior Parse(string value, string where) => value switch
    {
        "Removed" => SplitDelimiterBehavior.Removed,
        "Isolated" => SplitDelimiterBehavior.Isolated,
        "MergedWithPrevious" => SplitDelimiterBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitDelimiterBehavior.MergedWithNext,
        "Contiguous" => SplitDelimiterBehavior.Contiguous,
        _ => throw new TokenizerFormatException(
            $"tokenizer.json: {where} behavior '{value}' is not supported (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)"),
    };

    /// <param name="matches">Sorted, non-overlapping matches; with <paramref name="invert"/> they are the pieces to keep and the gaps are the delimiters.</param>
    public static void Split(NormalizedText piece, List<(int Start, int End)> matches, SplitDelimiterBehavior behavior,
        bool invert, List<NormalizedText> output)
    {
        // (start, end, isDelimiter) segments covering the piece.
        var segments = new List<(int Start, int End, bool Delimiter)>(matches.Count * 2 + 1);
        int at = 0;
        foreach (var (s, e) in matches)
        {
            if (s > at) segments.Add((at, s, invert));
            segments.Add((s, e, !invert));
            at = e;
        }
        if (at < piece.Length) segments.Add((at, piece.Length, invert));

        switch (behavior)
        {
            case SplitDelimiterBehavior.Removed:
                foreach (var seg in segments) if (!seg.Delimiter) output.Add(piece.Slice(seg.Start, seg.End));
                break;
            case SplitDelimiterBehavior.Isolated:
                foreach (var seg in segments) output.Add(piece.Slice(seg.Start, seg.End));
                break;
            case SplitDelimiterBehavior.Contiguous:
                for (int i = 0; i < segments.Count;)
                {
                    int j = i + 1;
                    if (segments[i].Delimiter)
                        while (j < segments.Count && segments[j].Delimiter) j++;
                    output.Add(piece.Slice(segments[i].Start, segments[j - 1].End));
                    i = j;
                }
                break;
            case SplitDelimiterBehavior.MergedWithPrevious:
            {
                int start = 0;
                for (int i = 0; i < segments.Count; i++)
                {
                    bool last = i == segments.Count - 1;
                    // A piece ends after each delimiter, and at the end of the text.
                    if (segments[i].Delimiter || last)
                    {
                        output.Add(piece.Slice(start, segments[i].End));
                        start = segments[i].End;
                    }
                }
                break;
            }
            case SplitDelimiterBehavior.MergedWithNext:
            {
                int start = 0;
                for (int i = 0; i < segments.Count; i++)
                {
                    // A piece ends before each delimiter (unless nothing precedes it).
                    if (segments[i].Delimiter && segments[i].Start > start)
                    {
                        output.Add(piece.Slice(start, segments[i].Start));
                        start = segments[i].Start;
                    }
                }
                if (start < piece.Length) output.Add(piece.Slice(start, piece.Length));
                break;
            }
        }
    }
}
