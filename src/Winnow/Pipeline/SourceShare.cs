using Winnow.Selection;

namespace Winnow.Pipeline;

/// <summary>One source of a pool in the report: its usable rows and selected rows, and each as a share of the pool's and the selection's.</summary>
public sealed record SourceShare(string Source, int Pool, int Selected, double PoolShare, double SelectedShare)
{
    /// <summary>One entry per source, in the order the sources first appear in the pool.</summary>
    public static IReadOnlyList<SourceShare> Table(PoolScan scan, SelectionResult selection)
    {
        var order = scan.UsableSources.Distinct().ToList();
        var pool = scan.UsableSources.CountBy(s => s).ToDictionary();
        var chosen = selection.Selected.Select(p => scan.UsableSources[p.Row]).CountBy(s => s).ToDictionary();
        double poolTotal = scan.UsableSources.Count, chosenTotal = selection.Selected.Count;
        return order.Select(s => new SourceShare(s, pool[s], chosen.GetValueOrDefault(s),
            poolTotal == 0 ? 0 : pool[s] / poolTotal, chosenTotal == 0 ? 0 : chosen.GetValueOrDefault(s) / chosenTotal)).ToList();
    }
}
