namespace Winnow.Reporting;

/// <summary>
/// The checks a reviewer would otherwise do by hand, each returning the rows that trigger it. Thresholds are chosen
/// to flag what the method papers and their issue trackers report as silent failures: one value covering most rows
/// (Deita's scorers fall back to 3.0 on any parse failure), many scorer errors, IFD above 1 on a large share (a
/// template or model that does not fit the data), a selection that is mostly one source, cluster or length band, and
/// rows longer than a scorer's max_length (scored on a truncated text).
/// </summary>
public static class AlarmFinder
{
    /// <summary>A single value on at least this share of scored rows is an alarm (when at least <see cref="MinRows"/> rows were scored).</summary>
    public const double ConstantShare = 0.5;

    public const int MinRows = 20;

    public const double ErrorShare = 0.01;

    public const double IfdAboveOneShare = 0.10;

    /// <summary>A group holding more than this share of a selection, and more than twice its pool share, dominates it.</summary>
    public const double DominantShare = 0.5;

    /// <summary>At most this many trigger rows are kept per alarm (the count in the detail is the full number).</summary>
    public const int RowsShown = 200;

    public static IReadOnlyList<Alarm> Find(ReportModelParts parts)
    {
        var alarms = new List<Alarm>();
        foreach (var (column, values) in parts.Scores)
        {
            alarms.AddRange(NearConstant(column, values));
            if (column.StartsWith("ifd", StringComparison.Ordinal) && column.EndsWith(".ifd", StringComparison.Ordinal))
                alarms.AddRange(IfdAboveOne(column, values));
        }
        foreach (var (scorer, rows) in parts.ScorerErrors)
        {
            if (rows.Count > ErrorShare * parts.Rows.Count)
                alarms.Add(new Alarm($"{scorer}: {rows.Count:N0} scorer errors ({(double)rows.Count / parts.Rows.Count:P1} of rows)", "These rows have no score and cannot be ranked by it; the set-aside table gives each error.", Take(rows)));
        }
        foreach (var method in parts.Methods)
        {
            alarms.AddRange(Dominated(method, "source", parts.Rows.Select(r => r.Source ?? "").ToArray(), s => s.Length > 0));
            if (parts.ClusterOf is { } clusters)
                alarms.AddRange(Dominated(method, "cluster", clusters.Select(c => c < 0 ? "" : $"cluster {c}").ToArray(), s => s.Length > 0, share: 0.2));
            alarms.AddRange(Dominated(method, "response length band", LengthBands(parts.Rows), s => s.Length > 0));
        }
        foreach (var (scorer, rows, maxLength) in parts.Truncated)
        {
            if (rows.Count > 0)
                alarms.Add(new Alarm($"{scorer}: {rows.Count:N0} rows longer than max_length {maxLength} tokens", "The scorer saw a truncated text for these rows, so their score describes only its beginning.", Take(rows)));
        }
        return alarms;
    }

    private static IEnumerable<Alarm> NearConstant(string column, double[] values)
    {
        var scored = Enumerable.Range(0, values.Length).Where(i => double.IsFinite(values[i])).ToList();
        if (scored.Count < MinRows)
            yield break;
        var mode = scored.GroupBy(i => values[i]).MaxBy(g => g.Count())!;
        // A penalty or bonus term is 0 for most rows by design: a zero mode with every other value on one side is not an alarm.
        var indicator = mode.Key == 0 && (scored.All(i => values[i] >= 0) || scored.All(i => values[i] <= 0));
        if (!indicator && mode.Count() >= ConstantShare * scored.Count)
            yield return new Alarm($"{column}: {mode.Count():N0} of {scored.Count:N0} scored rows ({(double)mode.Count() / scored.Count:P0}) have the same value {Histograms.Format(mode.Key)}",
                "A score that is the same for most rows cannot rank them; Deita's scorers return 3.0 whenever the model's answer cannot be parsed.", Take(mode.ToList()));
    }

    private static IEnumerable<Alarm> IfdAboveOne(string column, double[] values)
    {
        var scored = values.Count(double.IsFinite);
        var above = Enumerable.Range(0, values.Length).Where(i => values[i] > 1).ToList();
        if (scored > 0 && above.Count > IfdAboveOneShare * scored)
            yield return new Alarm($"{column}: IFD > 1 on {above.Count:N0} of {scored:N0} rows ({(double)above.Count / scored:P0})",
                "IFD above 1 means the instruction makes the response less likely; on a large share of rows it usually means a prompt template or model that does not fit the data.", Take(above));
    }

    private static IEnumerable<Alarm> Dominated(MethodView method, string what, string[] groupOf, Func<string, bool> counts, double share = DominantShare)
    {
        var chosen = method.Selected.Select(p => p.Position).Where(p => counts(groupOf[p])).ToList();
        var pool = groupOf.Where(counts).ToList();
        if (chosen.Count < MinRows || pool.Count == 0)
            yield break;
        var top = chosen.GroupBy(p => groupOf[p]).MaxBy(g => g.Count())!;
        var selectedShare = (double)top.Count() / chosen.Count;
        var poolShare = (double)pool.Count(g => g == top.Key) / pool.Count;
        if (selectedShare > share && selectedShare > 2 * poolShare)
            yield return new Alarm($"{method.Name}: {selectedShare:P0} of the selection is {what} '{top.Key}' (pool: {poolShare:P0})",
                $"The selection over-represents one {what}; check that this is intended and not a scorer bias.", Take(top.ToList()));
    }

    /// <summary>Response length deciles of the pool, named by their word range.</summary>
    private static string[] LengthBands(IReadOnlyList<PoolRow> rows)
    {
        if (rows.Count == 0)
            return [];
        var sorted = rows.Select(r => (double)r.ResponseWords).Order().ToArray();
        var edges = Enumerable.Range(1, 9).Select(d => Histograms.Quantile(sorted, d / 10.0)).Distinct().ToArray();
        return rows.Select(r =>
        {
            var band = edges.Count(e => r.ResponseWords > e);
            var low = band == 0 ? 0 : edges[band - 1];
            var high = band == edges.Length ? sorted[^1] : edges[band];
            return $"{low:0}–{high:0} response words";
        }).ToArray();
    }

    private static List<int> Take(IReadOnlyList<int> rows) => rows.Take(RowsShown).ToList();
}

/// <summary>What <see cref="AlarmFinder"/> looks at, gathered while the report is built.</summary>
public sealed record ReportModelParts(
    IReadOnlyList<PoolRow> Rows,
    IReadOnlyList<MethodView> Methods,
    IReadOnlyDictionary<string, double[]> Scores,
    IReadOnlyDictionary<string, IReadOnlyList<int>> ScorerErrors,
    int[]? ClusterOf,
    IReadOnlyList<(string Scorer, IReadOnlyList<int> Rows, int MaxLength)> Truncated);
