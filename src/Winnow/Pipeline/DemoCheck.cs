namespace Winnow.Pipeline;

/// <summary>Compares a selection on the demo dataset with the defects planted in it.</summary>
public sealed record DemoCheck(bool Passed, IReadOnlyList<string> Lines)
{
    public static DemoCheck Evaluate(DemoManifest manifest, SelectSummary summary)
    {
        var selected = summary.Selection.Selected.Select(p => summary.Scan.UsableIndices[p.Row]).ToHashSet();
        var bothCopies = manifest.ExactDuplicates.Count(d => selected.Contains(d.Original) && selected.Contains(d.Copy));
        var empty = manifest.EmptyAnswers.Count(i => selected.Contains(i));
        var mismatched = manifest.MismatchedPairs.Count(i => selected.Contains(i));
        var expectedByChance = (double)manifest.MismatchedPairs.Count * selected.Count / manifest.Rows;
        var setAside = manifest.MismatchedPairs.Count(i => summary.Scan.Filtered.TryGetValue(i, out var d) && d.Status == Winnow.Filters.MismatchFilter.DecisionCode);
        var planted = manifest.MismatchedPairs.Select(i => (long)i).ToHashSet();
        var gated = summary.Selection.Rejected.Count(r => r.Reason.StartsWith(SelectionGates.ReasonPrefix, StringComparison.Ordinal) && planted.Contains(summary.Scan.UsableIndices[r.Row]));
        var lines = new List<string>
        {
            $"check: planted exact-duplicate pairs with both copies selected: {bothCopies} of {manifest.ExactDuplicates.Count} (must be 0)",
            $"check: planted empty answers selected: {empty} of {manifest.EmptyAnswers.Count} (must be 0)",
            $"check: planted mismatched pairs selected: {mismatched} of {manifest.MismatchedPairs.Count} (a random pick of this size would take {expectedByChance:F1}); set aside as mismatch: {setAside}; kept out of the selection by the response-fit gate: {gated}",
        };
        return new DemoCheck(bothCopies == 0 && empty == 0, lines);
    }
}
