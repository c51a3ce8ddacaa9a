using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>superfiltering</c> (Superfiltering <c>select_data.py</c>): keep IFD &lt; threshold (default 1, strict),
/// descending, quota = int(rate × pool size). The original hard-codes the pool size to Alpaca's 52,002
/// whatever the input; we use the actual pool size unless <c>pool_size</c> is given (52002 reproduces it).
/// </summary>
[Component("superfiltering", "Superfiltering select_data: IFD < 1 strictly, int(rate × pool) highest IFD, descending")]
[ParamGroup(typeof(ScoreCutPresets.PresetParams))]
[Param("threshold", ParamType.Number, "rows need IFD strictly below this", Default = "1")]
[Param("pool_size", ParamType.Int, "pool size the rate applies to; 0: the actual pool (52002 reproduces the original)", Default = "0", Min = 0)]
[Needs(ColumnParams = ["column"])]
public static class SuperfilteringSelector
{
    public static ISelector Create(Parameters p) =>
        ScoreCutPresets.Preset(p, new ScoreRange(double.NegativeInfinity, p.GetDouble("threshold"), true, false), QuotaRule.RateOfPool, higherRowFirst: false, datasetOrder: false, p.GetInt("pool_size"));
}
