using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary><c>ratio</c>: <c>int(rate × base)</c> best in-range rows, base = <c>of</c>: surviving (in-range) rows or the pool.</summary>
[Component("ratio", "int(rate × base) best rows of a score column; base = in-range rows or the pool")]
[ParamGroup(typeof(ScoreCutPresets.GenericParams))]
[Param("rate", ParamType.Number, "share of the base to keep", Default = "0.1", Min = 0, Max = 1)]
[Param("of", ParamType.Choice, "the base of the rate: the whole pool or the in-range rows", Default = "pool", Values = ["pool", "surviving"])]
[Param("pool_size", ParamType.Int, "pool size the rate applies to; 0: the actual pool", Default = "0", Min = 0)]
[Needs(ColumnParams = ["column"])]
public static class RatioSelector
{
    public static ISelector Create(Parameters p)
    {
        var rule = p.GetString("of") == "surviving" ? QuotaRule.RateOfSurviving : QuotaRule.RateOfPool;
        return ScoreCutPresets.Generic(p, rule, 0, p.GetDouble("rate"), p.GetInt("pool_size"));
    }
}
