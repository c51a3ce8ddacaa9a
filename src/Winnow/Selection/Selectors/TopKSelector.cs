using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary><c>top-k</c>: the k best in-range rows (k = 0 means "the budget").</summary>
[Component("top-k", "the k best rows of a score column (k = 0: the budget) within an optional range")]
[ParamGroup(typeof(ScoreCutPresets.GenericParams))]
[Param("k", ParamType.Int, "rows to keep; 0: the budget", Default = "0", Min = 0)]
[Needs(ColumnParams = ["column"])]
public static class TopKSelector
{
    public static ISelector Create(Parameters p)
    {
        var k = p.GetInt("k");
        return ScoreCutPresets.Generic(p, k == 0 ? QuotaRule.All : QuotaRule.Fixed, k, 0, 0);
    }
}
