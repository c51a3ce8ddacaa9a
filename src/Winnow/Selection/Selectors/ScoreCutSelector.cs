namespace Winnow.Selection.Selectors;

/// <summary>
/// Threshold / top-k / ratio selection over one score column (registry names <c>threshold</c>, <c>top-k</c>,
/// <c>ratio</c>, and the paper presets <c>cherry</c>, <c>cherry-vic</c>, <c>superfiltering</c>). Rows whose score
/// is NaN are rejected as "score missing"; rows outside the range are rejected with the range; the in-range rows
/// are ranked and the first min(quota, budget) are kept.
/// </summary>
public sealed class ScoreCutSelector(string name, ScoreCut cut) : ISelector
{
    public string Name { get; } = name;

    public ScoreCut Cut { get; } = cut;

    public IReadOnlyDictionary<string, string> Settings { get; } = cut.Settings();

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var scores = context.Column(Cut.Column);
        if (scores.Length != context.Count)
            throw new ArgumentException($"score column '{Cut.Column}' has {scores.Length} values for {context.Count} rows");
        var outcome = new Outcome(context.Count, budget);
        var surviving = new List<int>();
        for (var row = 0; row < scores.Length; row++)
        {
            if (double.IsNaN(scores[row]))
                outcome.Reject(row, $"score missing: {Cut.Column} is NaN");
            else if (!Cut.Range.Contains(scores[row]))
                outcome.Reject(row, $"{Cut.Column} = {Outcome.Number(scores[row])} outside {Cut.Range}");
            else
                surviving.Add(row);
        }
        cancellationToken.ThrowIfCancellationRequested();
        surviving.Sort(Compare(scores));
        var quota = Cut.QuotaFor(context.Count, surviving.Count);
        var take = Math.Min(Math.Min(quota, budget), surviving.Count);
        var quotaText = Cut.DescribeQuota(context.Count);
        for (var rank = 0; rank < surviving.Count; rank++)
        {
            var row = surviving[rank];
            var position = $"{Cut.Column} = {Outcome.Number(scores[row])}, rank {rank + 1} of {surviving.Count} in {Cut.Range}";
            if (rank < take)
                outcome.Pick(row, position);
            else if (rank < quota)
                outcome.Reject(row, $"{position}: beyond budget {budget}");
            else
                outcome.Reject(row, $"{position}: beyond quota {quota} ({quotaText})");
        }
        if (Cut.OutputInDatasetOrder)
            outcome.ReorderPicks((x, y) => x.Row.CompareTo(y.Row));
        return outcome.Finish(row => "undecided");
    }

    private Comparison<int> Compare(double[] scores)
    {
        var direction = Cut.Descending ? -1 : 1;
        var ties = Cut.HigherRowFirstOnTies ? -1 : 1;
        return (x, y) =>
        {
            var byScore = scores[x].CompareTo(scores[y]) * direction;
            return byScore != 0 ? byScore : x.CompareTo(y) * ties;
        };
    }
}
