using Winnow.Filters;
using Winnow.Selection;

namespace Winnow.Pipeline;

/// <summary>
/// Applies the filters' selection gates (<see cref="ISelectionGate"/>): the score columns the selector and the source
/// floor see have NaN at every gated row (a selector never picks a row without a score, the floor never takes one),
/// and the gated rows' rejections then carry the gate's reason in place of "score missing" (a selector that ignores
/// scores may still pick one: it is dropped from the selection with the same reason).
/// </summary>
public sealed class SelectionGates
{
    /// <summary>How a gated row's rejection reason begins.</summary>
    public const string ReasonPrefix = "not selectable: ";

    private readonly Dictionary<int, string> _reasons;

    private SelectionGates(Dictionary<int, string> reasons) => _reasons = reasons;

    /// <summary>Usable rows (positions in the scan) that are gated.</summary>
    public int Count => _reasons.Count;

    /// <summary>The gated rows of <paramref name="scan"/>, from every gate among <paramref name="filters"/>.</summary>
    public static SelectionGates Of(IEnumerable<IRowFilter> filters, PoolScan scan)
    {
        var rowOfIndex = new Dictionary<long, int>();
        var gated = filters.OfType<ISelectionGate>().SelectMany(g => g.Unselectable).ToList();
        if (gated.Count > 0)
        {
            for (var row = 0; row < scan.UsableIndices.Count; row++)
                rowOfIndex[scan.UsableIndices[row]] = row;
        }
        var reasons = new Dictionary<int, string>();
        foreach (var (index, reason) in gated)
        {
            // A later filter may have set the row aside; then it is not in the pool and needs no gate.
            if (rowOfIndex.TryGetValue(index, out var row))
                reasons.TryAdd(row, reason);
        }
        return new SelectionGates(reasons);
    }

    /// <summary>The columns with NaN at the gated rows (the same dictionary when nothing is gated).</summary>
    public IReadOnlyDictionary<string, double[]> Hide(IReadOnlyDictionary<string, double[]> columns)
    {
        if (_reasons.Count == 0)
            return columns;
        var hidden = new Dictionary<string, double[]>();
        foreach (var (name, values) in columns)
        {
            var copy = (double[])values.Clone();
            foreach (var row in _reasons.Keys)
                copy[row] = double.NaN;
            hidden[name] = copy;
        }
        return hidden;
    }

    /// <summary>
    /// The selection with each gated row's rejection reason replaced by the gate's. A selector that does not rank by a
    /// score (random, k-center without a column) can still pick a gated row: that pick is dropped and rejected with the
    /// gate's reason, and the later picks move up, so such a selection can fall short of its budget.
    /// </summary>
    public SelectionResult Explain(SelectionResult selection)
    {
        if (_reasons.Count == 0)
            return selection;
        var picks = new List<Pick>(selection.Selected.Count);
        var rejected = new List<Rejection>(selection.Rejected.Count);
        foreach (var pick in selection.Selected)
        {
            if (_reasons.TryGetValue(pick.Row, out var gate))
                rejected.Add(new Rejection(pick.Row, ReasonPrefix + gate));
            else
                picks.Add(pick with { Rank = picks.Count });
        }
        rejected.AddRange(selection.Rejected.Select(r => _reasons.TryGetValue(r.Row, out var reason) ? r with { Reason = ReasonPrefix + reason } : r));
        return new SelectionResult(picks, rejected);
    }
}
