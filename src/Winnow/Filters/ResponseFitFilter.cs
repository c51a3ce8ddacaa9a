using System.Globalization;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Filters;

/// <summary>
/// <c>response-fit</c>: the response does not fit its instruction (decision code <c>mismatch</c>), by the fit rank of
/// <see cref="ResponseFit"/>: the share of reference pool responses that fit the row's instruction better than its own.
/// A row is set aside when its rank is above <c>max_fit_rank</c>. A response taken from a random other row has a rank
/// spread uniformly over [0, 1], whatever the pool, so the rule's recall on such rows is about 1 − <c>max_fit_rank</c>
/// and more when the response comes from an unrelated task; the default 0.5 sets aside a response that fits its
/// instruction no better than the median pool response does. Measured (docs/quality.md): on the four shared files with
/// 400 swapped rows, 50.8 % of them at 0.62 % of the untouched rows; on the demo's templated rows, 80 % at 0.11 %.
/// <para>
/// A row it keeps whose rank is above <c>select_max_fit_rank</c> (default 0.1) stays in the pool but is not selectable
/// (<see cref="ISelectionGate"/>): for a response taken from another row, the chance of a rank at most 0.1 is 0.1,
/// while a selection is a small share of the pool's best rows, where one mismatched row costs more than one good row
/// passed over. A hard cut that low would set aside real rows as mismatches; a gate only keeps them out of the
/// selection and says so in the decisions file.
/// </para>
/// Rows whose prompt or response has no word, or that have fewer than 20 references, are left alone. Three passes:
/// document frequencies and anchors, the anchors' vectors, then the ranks.
/// </summary>
[Component("response-fit", "sets aside rows whose response fits their instruction no better than max_fit_rank of the pool's other responses do (lexical fit to the instruction and to the answers of its nearest instructions)")]
[Param("max_fit_rank", ParamType.Number, "share of reference responses fitting the instruction better than the row's own above which the row is a mismatch", Default = "0.5", Min = 0, Max = 1, MaxExclusive = true)]
[Param("select_max_fit_rank", ParamType.Number, "rows kept whose fit rank is above this stay in the pool but are not selectable (at or above max_fit_rank: no gate)", Default = "0.1", Min = 0, Max = 1)]
[Needs(Text = "prompt and response")]
public sealed class ResponseFitFilter(double maxFitRank, double selectMaxFitRank) : IPoolRowFilter, ISelectionGate
{
    private readonly Dictionary<long, string> _unselectable = [];

    public static ResponseFitFilter Create(Parameters p) => new(p.GetDouble("max_fit_rank"), p.GetDouble("select_max_fit_rank"));

    public IReadOnlyDictionary<long, string> Unselectable => _unselectable;

    private static string Shared(Dictionary<string, string> made, string percent, Func<string, string> make)
    {
        if (!made.TryGetValue(percent, out var detail))
            made[percent] = detail = make(percent);
        return detail;
    }

    public void Restore(IEnumerable<KeyValuePair<long, string>> unselectable)
    {
        _unselectable.Clear();
        foreach (var (index, reason) in unselectable)
            _unselectable.Add(index, reason);
    }

    public string Name => Declared.Name<ResponseFitFilter>();

    public string Code => MismatchFilter.DecisionCode;

    /// <summary>Anchors, neighbours and references (fixed; exposed for tests on tiny pools).</summary>
    internal ResponseFit.Options Options { get; init; } = new();

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["max_fit_rank"] = maxFitRank.ToString("R", CultureInfo.InvariantCulture),
        ["select_max_fit_rank"] = selectMaxFitRank.ToString("R", CultureInfo.InvariantCulture),
        ["anchors"] = Options.Anchors.ToString(CultureInfo.InvariantCulture),
        ["neighbours"] = Options.Neighbours.ToString(CultureInfo.InvariantCulture),
        ["references"] = Options.References.ToString(CultureInfo.InvariantCulture),
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"sets aside rows whose response fits their instruction worse than {100 * maxFitRank:G4} % of {Options.References} reference pool responses of similar length do")
        + (selectMaxFitRank < maxFitRank ? string.Create(CultureInfo.InvariantCulture, $"; keeps rows above {100 * selectMaxFitRank:G4} % out of the selection") : "");

    public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken) =>
        Decide(rows, IPoolRowFilter.FromWholePasses(rows), cancellationToken);

    /// <summary>The fit's second pass reads only the anchor rows.</summary>
    public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, Func<IReadOnlyList<long>, IEnumerable<Sample>> some, CancellationToken cancellationToken)
    {
        using var fit = new ResponseFit(Options);
        fit.Fit(rows, some, cancellationToken);
        var flagged = new List<(long, string)>();
        _unselectable.Clear();
        // The rank is printed to 0.1 %, so each kind of detail is one of at most 1,001 sentences: each is made once and
        // shared. A pool then holds a reference a decided row, not a sentence (≈ 0.35 KB) a row: at 10M rows, with about
        // 4M rows gated or set aside, the sentences alone came to ≈ 1.4 GB.
        var mismatches = new Dictionary<string, string>(StringComparer.Ordinal);
        var weakFits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (chunk, ranks) in ParallelBlocks.Map(rows(), ResponseFit.RankBlockRows, fit.Threads, fit.NewScratch, fit.RankBlock, cancellationToken))
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                if (!(ranks[i] > selectMaxFitRank) && !(ranks[i] > maxFitRank))
                    continue;
                var percent = (100 * ranks[i]).ToString("F1", CultureInfo.InvariantCulture);
                if (ranks[i] > maxFitRank)
                    flagged.Add((chunk[i].Index, Shared(mismatches, percent, p => string.Create(CultureInfo.InvariantCulture,
                        $"the response does not fit the instruction: {p} % of the reference pool responses of similar length fit it better (limit {100 * maxFitRank:G4} %)"))));
                else
                    _unselectable[chunk[i].Index] = Shared(weakFits, percent, p => string.Create(CultureInfo.InvariantCulture,
                        $"the response fits the instruction weakly: {p} % of the reference pool responses of similar length fit it better (selection limit {100 * selectMaxFitRank:G4} %)"));
            }
        }
        return flagged;
    }
}
