using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary>
/// Builds the <see cref="ScoreCutSelector"/> entries from checked parameters. The generic entries (threshold, top-k,
/// ratio) expose every knob (<see cref="GenericParams"/>); the paper presets (cherry, cherry-vic, superfiltering)
/// fix the range, order, quota rule and output order of the original scripts and only let the column, rate and
/// number change (<see cref="PresetParams"/>).
/// </summary>
public static class ScoreCutPresets
{
    public static ScoreCutSelector Preset(Parameters p, ScoreRange range, QuotaRule rateRule, bool higherRowFirst, bool datasetOrder, int poolSize)
    {
        var number = p.GetInt("number");
        var rule = number > 0 ? QuotaRule.Fixed : rateRule;
        var cut = new ScoreCut(p.GetString("column"), range, Descending: true, higherRowFirst, rule, number, p.GetDouble("rate"), poolSize, datasetOrder);
        return new ScoreCutSelector(p.ComponentName, cut);
    }

    public static ScoreCutSelector Generic(Parameters p, QuotaRule rule, int number, double rate, int poolSize)
    {
        var cut = new ScoreCut(
            p.GetString("column"),
            ScoreRange.Read(p),
            Descending: p.GetString("order") == "descending",
            HigherRowFirstOnTies: p.GetString("ties") == "higher-row-first",
            rule, number, rate, poolSize,
            OutputInDatasetOrder: p.GetString("output") == "dataset");
        return new ScoreCutSelector(p.ComponentName, cut);
    }

    /// <summary>The knobs of the generic score cuts.</summary>
    [Param("column", ParamType.Column, "the score column to cut on", Required = true)]
    [ParamGroup(typeof(ScoreRange))]
    [Param("order", ParamType.Choice, "best first means highest or lowest", Default = "descending", Values = ["descending", "ascending"])]
    [Param("ties", ParamType.Choice, "which of two equal scores ranks first", Default = "lower-row-first", Values = ["lower-row-first", "higher-row-first"])]
    [Param("output", ParamType.Choice, "output in rank order or in dataset order", Default = "rank", Values = ["rank", "dataset"])]
    public static class GenericParams;

    /// <summary>What the paper presets let change.</summary>
    [Param("column", ParamType.Column, "the IFD column", Default = "ifd.ifd")]
    [Param("rate", ParamType.Number, "share of rows to keep", Default = "0.1", Min = 0, Max = 1)]
    [Param("number", ParamType.Int, "a fixed number of rows instead of the rate; 0: use the rate", Default = "0", Min = 0)]
    public static class PresetParams;
}
