using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary><c>threshold</c>: every row inside [min, max] (inclusive flags as data), best first, capped by the budget.</summary>
[Component("threshold", "rows whose score column lies in [min, max] (inclusive flags), best first, capped by the budget")]
[ParamGroup(typeof(ScoreCutPresets.GenericParams))]
[Needs(ColumnParams = ["column"])]
public static class ThresholdSelector
{
    public static ISelector Create(Parameters p) => ScoreCutPresets.Generic(p, QuotaRule.All, 0, 0, 0);
}
