namespace Winnow.Selection.Selectors;

/// <summary>
/// Builds the <see cref="ScoreCutSelector"/> registry entries from parameters. The generic entries expose every
/// knob; the paper presets fix the range, order, quota rule and output order of the original scripts and only
/// let the column, rate and number change.
/// </summary>
public static class ScoreCutPresets
{
    /// <summary>Default IFD column written by the <c>ifd</c> scorer.</summary>
    public const string IfdColumn = "ifd.ifd";

    /// <summary><c>threshold</c>: every row inside [min, max] (inclusive flags as data), best first, capped by the budget.</summary>
    public static ISelector Threshold(Parameters p) => new ScoreCutSelector("threshold", Generic(p, QuotaRule.All, 0, 0, 0));

    /// <summary><c>top-k</c>: the k best in-range rows (k = 0 means "the budget").</summary>
    public static ISelector TopK(Parameters p)
    {
        var k = p.GetInt("k", 0);
        ArgumentOutOfRangeException.ThrowIfNegative(k, "k");
        return new ScoreCutSelector("top-k", Generic(p, k == 0 ? QuotaRule.All : QuotaRule.Fixed, k, 0, 0));
    }

    /// <summary><c>ratio</c>: <c>int(rate × base)</c> best in-range rows, base = <c>of</c>: surviving (in-range) rows or the pool.</summary>
    public static ISelector Ratio(Parameters p)
    {
        var rate = ReadRate(p, 0.1);
        var rule = p.GetString("of", "pool") switch
        {
            "pool" => QuotaRule.RateOfPool,
            "surviving" => QuotaRule.RateOfSurviving,
            var other => throw new ArgumentException($"{p.Owner}: of = '{other}', expected pool or surviving"),
        };
        var poolSize = p.GetInt("pool_size", 0);
        ArgumentOutOfRangeException.ThrowIfNegative(poolSize, "pool_size");
        return new ScoreCutSelector("ratio", Generic(p, rule, 0, rate, poolSize));
    }

    /// <summary>
    /// <c>cherry</c> (Cherry_LLM <c>data_by_IFD.py</c>): drop IFD &gt; 1 (keep == 1), quota = int(rate × surviving rows),
    /// highest IFD first with ties going to the higher row (the script takes the tail of <c>sorted((ifd, index))</c>),
    /// output re-sorted into dataset order. <c>number</c> &gt; 0 replaces the rate (<c>sample_number</c>).
    /// </summary>
    public static ISelector Cherry(Parameters p) => Preset(p, "cherry", new ScoreRange(double.NegativeInfinity, 1, true, true), QuotaRule.RateOfSurviving, higherRowFirst: true, datasetOrder: true, poolSize: 0);

    /// <summary>
    /// <c>cherry-vic</c> (Cherry_LLM <c>select_from_ifd_json.py</c>): keep IFD ≤ 1, quota = int(rate × full pool size),
    /// descending IFD (stable: ties keep dataset order), output in that order.
    /// </summary>
    public static ISelector CherryVic(Parameters p) => Preset(p, "cherry-vic", new ScoreRange(double.NegativeInfinity, 1, true, true), QuotaRule.RateOfPool, higherRowFirst: false, datasetOrder: false, poolSize: 0);

    /// <summary>
    /// <c>superfiltering</c> (Superfiltering <c>select_data.py</c>): keep IFD &lt; threshold (default 1, strict),
    /// descending, quota = int(rate × pool size). The original hard-codes the pool size to Alpaca's 52,002
    /// whatever the input; we use the actual pool size unless <c>pool_size</c> is given (52002 reproduces it).
    /// </summary>
    public static ISelector Superfiltering(Parameters p)
    {
        var threshold = p.GetDouble("threshold", 1.0);
        var poolSize = p.GetInt("pool_size", 0);
        ArgumentOutOfRangeException.ThrowIfNegative(poolSize, "pool_size");
        return Preset(p, "superfiltering", new ScoreRange(double.NegativeInfinity, threshold, true, false), QuotaRule.RateOfPool, higherRowFirst: false, datasetOrder: false, poolSize);
    }

    private static ScoreCutSelector Preset(Parameters p, string name, ScoreRange range, QuotaRule rateRule, bool higherRowFirst, bool datasetOrder, int poolSize)
    {
        var column = p.GetString("column", IfdColumn);
        var rate = ReadRate(p, 0.1);
        var number = p.GetInt("number", 0);
        ArgumentOutOfRangeException.ThrowIfNegative(number, "number");
        var rule = number > 0 ? QuotaRule.Fixed : rateRule;
        return new ScoreCutSelector(name, new ScoreCut(column, range, Descending: true, higherRowFirst, rule, number, rate, poolSize, datasetOrder));
    }

    private static ScoreCut Generic(Parameters p, QuotaRule rule, int number, double rate, int poolSize)
    {
        var column = p.GetOptionalString("column") ?? throw new ArgumentException($"{p.Owner}: parameter 'column' (the score column) is required");
        var range = ScoreRange.Read(p, ScoreRange.All);
        var descending = p.GetString("order", "descending") switch
        {
            "descending" => true,
            "ascending" => false,
            var other => throw new ArgumentException($"{p.Owner}: order = '{other}', expected descending or ascending"),
        };
        var higherFirst = p.GetString("ties", "lower-row-first") switch
        {
            "lower-row-first" => false,
            "higher-row-first" => true,
            var other => throw new ArgumentException($"{p.Owner}: ties = '{other}', expected lower-row-first or higher-row-first"),
        };
        var datasetOrder = p.GetString("output", "rank") switch
        {
            "rank" => false,
            "dataset" => true,
            var other => throw new ArgumentException($"{p.Owner}: output = '{other}', expected rank or dataset"),
        };
        return new ScoreCut(column, range, descending, higherFirst, rule, number, rate, poolSize, datasetOrder);
    }

    private static double ReadRate(Parameters p, double fallback)
    {
        var rate = p.GetDouble("rate", fallback);
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentException($"{p.Owner}: rate = {rate}, expected a fraction in [0, 1]");
        return rate;
    }
}
