using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Components;
using Winnow.Text;

namespace Winnow.Selection.Dsir;

/// <summary>
/// <c>dsir</c> resampling (METHODS §6.3 step 5): rows whose estimated length is below <c>min_example_length</c> or whose
/// log-importance is missing are dropped; of the rest, <c>budget</c> rows are drawn without replacement in proportion
/// to their importance weights by the Gumbel-top-k trick (key = log w + Gumbel(0, 1) noise, keep the largest keys).
/// <c>top_k=true</c> skips the noise: a deterministic top-k by log-importance. The noise comes from SeededRandom seeded
/// with the context seed, one draw per pool row in row order, so a seed fixes the selection whatever is filtered.
/// </summary>
[Component("dsir", "DSIR importance resampling: Gumbel top-k over dsir.log_importance (top_k=true: deterministic), rows under min_example_length dropped")]
[Param("weight", ParamType.Column, "log-importance column", Default = "dsir.log_importance")]
[Param("length", ParamType.Column, "estimated length column", Default = "dsir.length")]
[Param("min_example_length", ParamType.Int, "rows with a shorter estimated length are dropped", Default = "100")]
[Param("top_k", ParamType.Bool, "deterministic top-k by log-importance instead of Gumbel sampling", Default = "false")]
[Needs(ColumnParams = ["weight", "length"])]
public sealed class DsirSelector : ISelector
{
    private readonly string _weightColumn;
    private readonly string _lengthColumn;
    private readonly long _minLength;
    private readonly bool _topK;

    public DsirSelector(string weightColumn, string lengthColumn, long minLength, bool topK)
    {
        _weightColumn = weightColumn;
        _lengthColumn = lengthColumn;
        _minLength = minLength;
        _topK = topK;
        Settings = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["weight"] = weightColumn,
            ["length"] = lengthColumn,
            ["min_example_length"] = minLength.ToString(CultureInfo.InvariantCulture),
            ["top_k"] = topK ? "true" : "false",
        });
    }

    public static DsirSelector Create(Parameters p) => new(
        p.GetString("weight"),
        p.GetString("length"),
        p.GetLong("min_example_length"),
        p.GetBool("top_k"));

    public string Name => Declared.Name<DsirSelector>();

    public IReadOnlyDictionary<string, string> Settings { get; }

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        if (budget < 0)
            throw new ArgumentException($"dsir: budget is {budget}, expected a non-negative number of rows");
        var weights = context.Column(_weightColumn);
        var lengths = _minLength > 0 ? context.Column(_lengthColumn) : null;
        var rng = new SeededRandom(context.Seed);
        var rejected = new List<Rejection>();
        var candidates = new List<(int Row, double Key)>();
        for (var row = 0; row < context.Count; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var noise = -Math.Log(-Math.Log(rng.NextOpenUnit()));
            var w = weights[row];
            if (double.IsNaN(w))
                rejected.Add(new Rejection(row, $"dsir: no {_weightColumn} score (the scorer failed on this row)"));
            else if (lengths is not null && !(lengths[row] >= _minLength))
                rejected.Add(new Rejection(row, $"dsir: estimated length {Format(lengths[row])} < min_example_length {_minLength}"));
            else
                candidates.Add((row, _topK ? w : w + noise));
        }
        candidates.Sort((a, b) => b.Key != a.Key ? b.Key.CompareTo(a.Key) : a.Row.CompareTo(b.Row));
        var take = Math.Min(budget, candidates.Count);
        var selected = new List<Pick>(take);
        for (var rank = 0; rank < take; rank++)
        {
            var (row, key) = candidates[rank];
            selected.Add(new Pick(row, rank, _topK
                ? $"dsir: top-k log-importance {Format(key)}"
                : $"dsir: Gumbel key {Format(key)} (log-importance {Format(weights[row])})"));
        }
        var cutoff = take > 0 ? Format(candidates[take - 1].Key) : "none";
        for (var i = take; i < candidates.Count; i++)
            rejected.Add(new Rejection(candidates[i].Row, $"dsir: key {Format(candidates[i].Key)} below the last selected key {cutoff} (budget {budget})"));
        rejected.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new SelectionResult(selected, rejected);
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
