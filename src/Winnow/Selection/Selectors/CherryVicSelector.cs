using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>cherry-vic</c> (Cherry_LLM <c>select_from_ifd_json.py</c>): keep IFD ≤ 1, quota = int(rate × full pool size),
/// descending IFD (stable: ties keep dataset order), output in that order.
/// </summary>
[Component("cherry-vic", "Cherry_LLM select_from_ifd_json: IFD ≤ 1, int(rate × pool) highest IFD, descending")]
[ParamGroup(typeof(ScoreCutPresets.PresetParams))]
[Needs(ColumnParams = ["column"])]
public static class CherryVicSelector
{
    public static ISelector Create(Parameters p) =>
        ScoreCutPresets.Preset(p, new ScoreRange(double.NegativeInfinity, 1, true, true), QuotaRule.RateOfPool, higherRowFirst: false, datasetOrder: false, poolSize: 0);
}
