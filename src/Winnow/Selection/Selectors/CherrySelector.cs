using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>cherry</c> (Cherry_LLM <c>data_by_IFD.py</c>): drop IFD &gt; 1 (keep == 1), quota = int(rate × surviving rows),
/// highest IFD first with ties going to the higher row (the script takes the tail of <c>sorted((ifd, index))</c>),
/// output re-sorted into dataset order. <c>number</c> &gt; 0 replaces the rate (<c>sample_number</c>).
/// </summary>
[Component("cherry", "Cherry_LLM data_by_IFD: drop IFD > 1, int(rate × surviving) highest IFD, dataset order")]
[ParamGroup(typeof(ScoreCutPresets.PresetParams))]
[Needs(ColumnParams = ["column"])]
public static class CherrySelector
{
    public static ISelector Create(Parameters p) =>
        ScoreCutPresets.Preset(p, new ScoreRange(double.NegativeInfinity, 1, true, true), QuotaRule.RateOfSurviving, higherRowFirst: true, datasetOrder: true, poolSize: 0);
}
