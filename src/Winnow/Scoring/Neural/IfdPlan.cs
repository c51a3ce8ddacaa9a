namespace Winnow.Scoring.Neural;

/// <summary>The two tokenised passes of one row, or the reason the row cannot be scored.</summary>
public sealed record IfdPlan(ScoredText? Direct, ScoredText? Conditioned, string? Skip)
{
    public static IfdPlan Skipped(string reason) => new(null, null, reason);
}
