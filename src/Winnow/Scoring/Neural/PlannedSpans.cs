using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// A batch split by <see cref="ResponseSpan.Plan"/>: rows whose span cannot be scored already carry their row
/// error in <see cref="Results"/>; the others are listed as texts to run, with the row each belongs to.
/// </summary>
internal sealed record PlannedSpans(ScoreResult[] Results, List<ScoredText> Texts, List<int> Owners)
{
    public static PlannedSpans Plan(IReadOnlyList<Sample> batch, ResponseSpan span, string scorer)
    {
        var planned = new PlannedSpans(new ScoreResult[batch.Count], [], []);
        for (var r = 0; r < batch.Count; r++)
        {
            var (text, skip) = span.Plan(batch[r]);
            if (text is null)
            {
                planned.Results[r] = ScoreResult.Fail($"{scorer}: {skip}");
                continue;
            }
            planned.Texts.Add(text);
            planned.Owners.Add(r);
        }
        return planned;
    }
}
