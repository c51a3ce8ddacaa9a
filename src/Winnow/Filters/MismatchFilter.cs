using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Scoring.Statistical;

namespace Winnow.Filters;

/// <summary>
/// <c>mismatch</c>: the response does not fit its instruction, from the statistical IFD (<c>stat-ifd</c>: the
/// response's cross-entropy with the instruction as context over without it). The threshold is calibrated on the pool
/// itself, never on held-out data: a row is flagged when its robust z-score, (ifd − median) / (1.4826 · MAD), is above
/// <c>max_robust_z</c>. Only the high side is flagged: an instruction that does not help to predict its response. A
/// swapped response has stat-IFD ≈ 1 (no help at all), only 1–2 robust z above a real pool's median, so the rule
/// trades recall for false positives steeply: on 1,200 Alpaca rows with 40 swapped, z &gt; 1.5 flags 18 % of the
/// swapped and 1.9 % of the untouched rows, z &gt; 1 flags 53 % and 11 % (docs/quality.md). Rows stat-IFD cannot
/// score are left alone. Two passes: the fit of stat-IFD's models, then the scores.
/// <para>
/// With <c>per_source_min_rows</c> &gt; 0, each source (input file or source field) with at least that many scored rows
/// is calibrated on its own median and MAD, the rest on the pool's: a templated source (tool-call rows that share most
/// of their wording) has a stat-IFD distribution of its own, and measured against a mixed pool's its ordinary rows look
/// like mismatches.
/// </para>
/// </summary>
[Component("mismatch", "sets aside rows whose statistical IFD lies more than max_robust_z robust z-scores above the pool's median (response does not fit the instruction)")]
[Param("max_robust_z", ParamType.Number, "robust z-score of stat-IFD above the pool's median beyond which a row is a mismatch", Default = "1.5", Min = 0, MinExclusive = true)]
[Param("per_source_min_rows", ParamType.Int, "a source with at least this many rows is calibrated on its own median and MAD; 0: the whole pool's for every row", Default = "0", Min = 0)]
[Needs(Text = "prompt and response")]
public sealed class MismatchFilter(double maxRobustZ, int perSourceMinRows) : IPoolRowFilter
{
    public static MismatchFilter Create(Parameters p) => new(p.GetDouble("max_robust_z"), p.GetInt("per_source_min_rows"));

    public string Name => Declared.Name<MismatchFilter>();

    /// <summary>The decision code of the rows it sets aside.</summary>
    public const string DecisionCode = "mismatch";

    public string Code => DecisionCode;

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["max_robust_z"] = maxRobustZ.ToString("R", CultureInfo.InvariantCulture),
        ["per_source_min_rows"] = perSourceMinRows.ToString(CultureInfo.InvariantCulture),
    };

    public string Describe() => perSourceMinRows == 0
        ? string.Create(CultureInfo.InvariantCulture, $"sets aside rows whose statistical IFD lies more than {maxRobustZ} robust z above the pool's median")
        : string.Create(CultureInfo.InvariantCulture, $"sets aside rows whose statistical IFD lies more than {maxRobustZ} robust z above the median of their source (sources of at least {perSourceMinRows} rows; the pool's for the rest)");

    public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken)
    {
        var scorer = StatIfdScorer.Create(Parameters.For<StatIfdScorer>());
        scorer.Fit(rows(), cancellationToken);
        var values = new List<(long Index, double Ifd, string Source)>();
        foreach (var chunk in rows().Chunk(1024))
        {
            var results = scorer.Score(chunk, cancellationToken);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (results[i].IsOk && double.IsFinite(results[i].Values![2]))
                    values.Add((chunk[i].Index, results[i].Values![2], chunk[i].Source));
            }
        }
        return DecideBySource(values);
    }

    /// <summary>
    /// The rule on (row index, stat-IFD, source) values: each source with at least <c>per_source_min_rows</c> values on its
    /// own median and MAD, the other rows on the pool's (every source's, when <c>per_source_min_rows</c> is 0).
    /// </summary>
    public IReadOnlyList<(long Index, string Detail)> DecideBySource(IReadOnlyList<(long Index, double Ifd, string Source)> values)
    {
        var pool = values.Select(v => (v.Index, v.Ifd)).ToList();
        if (perSourceMinRows == 0)
            return Decide(pool);
        var bySource = values.GroupBy(v => v.Source).ToList();
        var small = bySource.Where(g => g.Count() < perSourceMinRows).SelectMany(g => g).Select(v => v.Index).ToHashSet();
        var flagged = bySource.Where(g => g.Count() >= perSourceMinRows)
            .SelectMany(g => Decide(g.Select(v => (v.Index, v.Ifd)).ToList(), $"source {g.Key}"))
            .ToList();
        if (small.Count > 0)
            flagged.AddRange(Decide(pool).Where(f => small.Contains(f.Index)));
        return [.. flagged.OrderBy(f => f.Index)];
    }

    /// <summary>The rule itself on (row index, stat-IFD) values: robust z above <c>max_robust_z</c> is a mismatch.</summary>
    public IReadOnlyList<(long Index, string Detail)> Decide(IReadOnlyList<(long Index, double Ifd)> values, string calibratedOn = "pool")
    {
        var flagged = new List<(long, string)>();
        if (values.Count < 3)
            return flagged;
        var median = Median(values.Select(v => v.Ifd));
        var spread = 1.4826 * Median(values.Select(v => Math.Abs(v.Ifd - median)));
        if (!(spread > 0))
            return flagged;
        foreach (var (index, ifd) in values)
        {
            var z = (ifd - median) / spread;
            if (z > maxRobustZ)
                flagged.Add((index, string.Create(CultureInfo.InvariantCulture,
                    $"the response does not fit the instruction: stat-IFD {ifd:F3}, robust z {z:F2} > {maxRobustZ} ({calibratedOn} median {median:F3}, scaled MAD {spread:F3})")));
        }
        return flagged;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
