namespace Winnow.Scoring.Neural;

/// <summary>
/// A tokenised text and the index of its first response token. Tokens [max(Start, 1), Ids.Length) are scored: the
/// first token of a sequence has no context and is never scored (the Hugging Face loss convention).
/// </summary>
public sealed record ScoredText(int[] Ids, int Start)
{
    public int From => Math.Max(Start, 1);

    /// <summary>Number of response tokens in the text (may be ≤ 0 when truncation removed the response).</summary>
    public int ResponseLength => Ids.Length - Start;

    public int ScoredCount => Math.Max(0, Ids.Length - From);
}
