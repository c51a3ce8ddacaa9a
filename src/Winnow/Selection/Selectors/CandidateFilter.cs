using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary>
/// A score pre-filter in front of a diversity selector (Superfiltering.D's IFD step): rows whose score is inside
/// <see cref="Range"/>, then, when <see cref="Top"/> &gt; 0, only the <see cref="Top"/> highest (ties: lower row).
/// Survivors come back in row order; every other row gets its reason in <paramref name="reject"/>.
/// </summary>
[Param("prefilter_column", ParamType.Column, "score column of the optional pre-filter", DefaultDoc = "no pre-filter")]
[Param("prefilter_min", ParamType.Number, "pre-filter: lower bound", Default = "-Infinity")]
[Param("prefilter_max", ParamType.Number, "pre-filter: upper bound", Default = "Infinity")]
[Param("prefilter_min_inclusive", ParamType.Bool, "pre-filter: whether min is inside", Default = "true")]
[Param("prefilter_max_inclusive", ParamType.Bool, "pre-filter: whether max is inside", Default = "true")]
[Param("prefilter_top", ParamType.Int, "pre-filter: then only the top this many by score; 0: all in range", Default = "0", Min = 0)]
public sealed record CandidateFilter(string Column, ScoreRange Range, int Top)
{
    public List<int> Apply(SelectionContext context, Action<int, string> reject)
    {
        var scores = context.Column(Column);
        var kept = new List<int>();
        for (var row = 0; row < context.Count; row++)
        {
            if (double.IsNaN(scores[row]))
                reject(row, $"score missing: {Column} is NaN");
            else if (!Range.Contains(scores[row]))
                reject(row, $"pre-filter: {Column} = {Outcome.Number(scores[row])} outside {Range}");
            else
                kept.Add(row);
        }
        if (Top <= 0 || kept.Count <= Top)
            return kept;
        kept.Sort((x, y) => scores[x] != scores[y] ? scores[y].CompareTo(scores[x]) : x.CompareTo(y));
        for (var rank = Top; rank < kept.Count; rank++)
            reject(kept[rank], $"pre-filter: {Column} = {Outcome.Number(scores[kept[rank]])}, rank {rank + 1} beyond top {Top}");
        var top = kept.GetRange(0, Top);
        top.Sort();
        return top;
    }

    public void Describe(IDictionary<string, string> settings)
    {
        settings["prefilter_column"] = Column;
        Range.Describe(settings, "prefilter_");
        settings["prefilter_top"] = Top.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads <c>prefilter_column</c> and, only when it is given, the <c>prefilter_*</c> range and <c>prefilter_top</c>.</summary>
    public static CandidateFilter? Read(Parameters p)
    {
        var column = p.GetOptionalString("prefilter_column");
        if (column is null)
            return null;
        return new CandidateFilter(column, ScoreRange.Read(p, "prefilter_"), p.GetInt("prefilter_top"));
    }
}
