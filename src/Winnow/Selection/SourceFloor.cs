using System.Globalization;
using Winnow.Pipeline;

namespace Winnow.Selection;

/// <summary>What the floor asked of one source and what it did.</summary>
/// <param name="Source">The source (input file, or the row's source field).</param>
/// <param name="Floor">Rows the selection must hold from it; 0 when the source is below <see cref="SourceFloor.MinPoolShare"/> of the pool.</param>
/// <param name="Added">Rows the floor brought in from this source.</param>
/// <param name="Replaced">Picks of this source the floor gave to another source.</param>
public sealed record SourceFloorOutcome(string Source, int Floor, int Added, int Replaced);

/// <summary>
/// The source floor, a declared step after the selector: no source that is at least <see cref="MinPoolShare"/> of
/// the pool may end with fewer than <see cref="Fraction"/> of its pool share in the selection, except for rows that
/// named row decisions (duplicate, near-duplicate, degenerate, mismatch, …) removed before selection. Hence a source
/// qualifies by its share of the rows read (valid rows, before any row decision) and its floor is set on the rows
/// left after those decisions: floor = min(usable rows, ⌈fraction · usable share · selected rows⌉).
/// <para>
/// A source below its floor takes its best-ranked unselected rows (by <see cref="Column"/>, higher first; rows
/// without a score are never brought in; without a column, in pool order) in place of the lowest-ranked picks of
/// sources above their own floor (picks the selector made for coverage, <see cref="Pick.Covers"/>, only after all
/// others; then by the same column, lower first, then the selector's later ranks first), one
/// swap at a time, so the selection's size never changes and no source is pushed below its floor. Sources are
/// served in pool order. Every moved row carries a reason naming the floor, so the decisions file and the report
/// show it. When no surplus pick is left the floor stays unmet and <see cref="SourceFloorOutcome"/> says by how much.
/// </para>
/// </summary>
public sealed class SourceFloor
{
    public const string Reason = "source floor";

    /// <summary>Sources with at least this share of the rows read are protected (issue 10: 10 %).</summary>
    public double MinPoolShare { get; set; } = 0.10;

    /// <summary>A protected source keeps at least this fraction of its usable pool share in the selection (issue 10: a third).</summary>
    public double Fraction { get; set; } = 1.0 / 3.0;

    /// <summary>Score column that ranks rows within a source; null: the selector's own <c>column</c> setting, else pool order.</summary>
    public string? Column { get; set; }

    public void Validate(string source)
    {
        if (MinPoolShare is <= 0 or > 1 || Fraction is <= 0 or > 1)
            throw new ArgumentException($"{source}: source_floor needs min_pool_share and fraction in (0, 1] (got {MinPoolShare}, {Fraction})");
    }

    /// <summary>
    /// Applies the floor to a pipeline's selection: sources from <paramref name="scan"/>, the ranking column
    /// <see cref="Column"/>, else the selector's own <c>column</c> setting, else pool order.
    /// </summary>
    public (SelectionResult Selection, IReadOnlyList<SourceFloorOutcome> Outcomes) Apply(
        SelectionResult selection, PoolScan scan, IReadOnlyDictionary<string, double[]> columns, ISelector selector)
    {
        var column = Column ?? selector.Settings.GetValueOrDefault("column");
        double[]? scores = null;
        if (column is not null && !columns.TryGetValue(column, out scores))
            throw new ArgumentException($"source_floor ranks rows by column '{column}', which the score file does not have; have: {string.Join(", ", columns.Keys.Order(StringComparer.Ordinal))}");
        return Apply(selection, scan.UsableSources, SourceShare.ReadRows(scan), scores, column ?? "pool order");
    }

    /// <summary>
    /// Applies the floor to <paramref name="selection"/>. <paramref name="sources"/> gives each usable row's source
    /// (row numbers as in the selection); <paramref name="readRows"/> counts every valid row read per source, before
    /// row decisions; <paramref name="scores"/> ranks rows (NaN: no score), or null for pool order.
    /// </summary>
    public (SelectionResult Selection, IReadOnlyList<SourceFloorOutcome> Outcomes) Apply(
        SelectionResult selection, IReadOnlyList<string> sources, IReadOnlyDictionary<string, int> readRows, double[]? scores, string ranking)
    {
        if (scores is not null && scores.Length != sources.Count)
            throw new ArgumentException($"source floor: the ranking column has {scores.Length} rows, the pool {sources.Count}");
        var order = sources.Distinct().ToList();
        var usable = sources.CountBy(s => s).ToDictionary();
        double readTotal = readRows.Values.Sum();
        var n = selection.Selected.Count;
        var floors = order.ToDictionary(s => s, s => readTotal > 0 && readRows.GetValueOrDefault(s) / readTotal >= MinPoolShare - 1e-12
            ? Math.Min(usable[s], (int)Math.Ceiling(Fraction * usable[s] / sources.Count * n - 1e-9))
            : 0);
        var picks = selection.Selected.ToList();
        var held = picks.Select(p => sources[p.Row]).CountBy(s => s).ToDictionary();
        var chosen = picks.Select(p => p.Row).ToHashSet();
        var added = new List<Pick>();
        var replaced = new List<Rejection>();
        var addedBy = order.ToDictionary(s => s, _ => 0);
        var replacedFrom = order.ToDictionary(s => s, _ => 0);
        // Surplus picks: those chosen for coverage last (CaR's cluster representatives), then lowest-ranked first. A pick passed over (its source is at its floor, or is the one being
        // served) can never become surplus later: served sources stop at their floor, and no source ever gains beyond it.
        var victims = new Queue<Pick>(picks
            .OrderBy(p => p.Covers)
            .ThenBy(p => scores is null || double.IsNaN(scores[p.Row]) ? double.NegativeInfinity : scores[p.Row])
            .ThenByDescending(p => p.Rank));

        foreach (var source in order)
        {
            var floor = floors[source];
            if (held.GetValueOrDefault(source) >= floor)
                continue;
            // Best-ranked unselected rows of this source first; rows without a score are never brought in.
            using var candidates = Enumerable.Range(0, sources.Count)
                .Where(r => sources[r] == source && !chosen.Contains(r) && (scores is null || !double.IsNaN(scores[r])))
                .OrderByDescending(r => scores is null ? 0 : scores[r]).ThenBy(r => r)
                .GetEnumerator();
            var share = (double)usable[source] / sources.Count;
            while (held.GetValueOrDefault(source) < floor && candidates.MoveNext())
            {
                while (victims.Count > 0 && !IsSurplus(victims.Peek()))
                    victims.Dequeue();
                if (victims.Count == 0)
                    break;
                var victim = victims.Dequeue();
                var row = candidates.Current;
                chosen.Remove(victim.Row);
                held[sources[victim.Row]]--;
                replacedFrom[sources[victim.Row]]++;
                replaced.Add(new Rejection(victim.Row, string.Create(CultureInfo.InvariantCulture,
                    $"{Reason}: gave its place to row {row} of {source} (was rank {victim.Rank}: {victim.Reason})")));
                chosen.Add(row);
                held[source] = held.GetValueOrDefault(source) + 1;
                addedBy[source]++;
                added.Add(new Pick(row, 0, string.Create(CultureInfo.InvariantCulture,
                    $"{Reason}: best-ranked remaining row of {source} by {ranking}{(scores is null ? "" : $" ({scores[row]:G6})")}; the source is {share:P1} of the usable pool, floor {floor} of {n} rows")));
            }
        }
        if (added.Count == 0)
            return (selection, Outcomes());
        var final = picks.Where(p => chosen.Contains(p.Row)).Concat(added).Select((p, rank) => p with { Rank = rank }).ToList();
        var rejected = selection.Rejected.Where(r => !chosen.Contains(r.Row)).Concat(replaced).OrderBy(r => r.Row).ToList();
        return (new SelectionResult(final, rejected), Outcomes());

        bool IsSurplus(Pick pick) => held[sources[pick.Row]] > floors[sources[pick.Row]];

        List<SourceFloorOutcome> Outcomes() => order.Select(s => new SourceFloorOutcome(s, floors[s], addedBy[s], replacedFrom[s])).ToList();
    }
}
