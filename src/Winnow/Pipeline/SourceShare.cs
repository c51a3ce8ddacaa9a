using Winnow.Selection;

namespace Winnow.Pipeline;

/// <summary>
/// One source of a pool in the report. <see cref="Read"/> counts its valid rows before any row decision and
/// <see cref="Removed"/> the rows each named decision set aside (<c>duplicate</c> for exact copies, then the
/// decision codes: <c>near-duplicate</c>, <c>degenerate</c>, <c>mismatch</c>, …); <see cref="Pool"/> is what was
/// left for the selector, and the shares are of the usable pool and of the selection. <see cref="Floor"/>,
/// <see cref="FloorAdded"/> and <see cref="FloorReplaced"/> say what the source floor asked and did (null when the
/// recipe has no floor).
/// </summary>
public sealed record SourceShare(string Source, int Pool, int Selected, double PoolShare, double SelectedShare)
{
    public int Read { get; init; }

    public double ReadShare { get; init; }

    public IReadOnlyDictionary<string, int> Removed { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

    public int? Floor { get; init; }

    public int? FloorAdded { get; init; }

    public int? FloorReplaced { get; init; }

    /// <summary>Valid rows read per source, before any row decision (usable rows plus every row a named decision set aside).</summary>
    public static Dictionary<string, int> ReadRows(PoolScan scan)
    {
        var read = scan.UsableSources.CountBy(s => s).ToDictionary();
        foreach (var source in scan.SetAsideSources.Values)
            read[source] = read.GetValueOrDefault(source) + 1;
        return read;
    }

    /// <summary>One entry per source, in the order the sources first appear in the pool, then sources with no usable row left.</summary>
    public static IReadOnlyList<SourceShare> Table(PoolScan scan, SelectionResult selection, IReadOnlyList<SourceFloorOutcome>? floor = null)
    {
        var read = ReadRows(scan);
        var order = scan.UsableSources.Distinct().Concat(read.Keys.Order(StringComparer.Ordinal)).Distinct().ToList();
        var pool = scan.UsableSources.CountBy(s => s).ToDictionary();
        var chosen = selection.Selected.Select(p => scan.UsableSources[p.Row]).CountBy(s => s).ToDictionary();
        var removed = scan.SetAsideSources
            .GroupBy(kv => kv.Value)
            .ToDictionary(g => g.Key, g => new SortedDictionary<string, int>(
                g.CountBy(kv => scan.Filtered[kv.Key].Status).ToDictionary(), StringComparer.Ordinal));
        var byFloor = floor?.ToDictionary(f => f.Source);
        double poolTotal = scan.UsableSources.Count, chosenTotal = selection.Selected.Count, readTotal = read.Values.Sum();
        return order.Select(s => new SourceShare(s, pool.GetValueOrDefault(s), chosen.GetValueOrDefault(s),
            poolTotal == 0 ? 0 : pool.GetValueOrDefault(s) / poolTotal, chosenTotal == 0 ? 0 : chosen.GetValueOrDefault(s) / chosenTotal)
        {
            Read = read[s],
            ReadShare = readTotal == 0 ? 0 : read[s] / readTotal,
            Removed = removed.GetValueOrDefault(s) ?? new SortedDictionary<string, int>(StringComparer.Ordinal),
            Floor = byFloor?.GetValueOrDefault(s)?.Floor ?? (byFloor is null ? null : 0),
            FloorAdded = byFloor?.GetValueOrDefault(s)?.Added ?? (byFloor is null ? null : 0),
            FloorReplaced = byFloor?.GetValueOrDefault(s)?.Replaced ?? (byFloor is null ? null : 0),
        }).ToList();
    }
}
