namespace Winnow.Selection.Selectors;

/// <summary>How many in-range rows a <see cref="ScoreCutSelector"/> keeps before the budget caps it.</summary>
public enum QuotaRule
{
    /// <summary>Every in-range row (threshold).</summary>
    All,

    /// <summary>A fixed number (top-k, or the originals' <c>sample_number</c>).</summary>
    Fixed,

    /// <summary><c>int(rate × number of in-range rows)</c>: Cherry's <c>data_by_IFD.py</c>.</summary>
    RateOfSurviving,

    /// <summary><c>int(rate × pool size)</c>: Cherry's <c>select_from_ifd_json.py</c> and Superfiltering.</summary>
    RateOfPool,
}

/// <summary>
/// Configuration of a score-column cut: which rows qualify (<see cref="Range"/>), in which order they are ranked
/// (<see cref="Descending"/>, ties by row), how many are kept (<see cref="Quota"/>) and how the picks are output.
/// </summary>
public sealed record ScoreCut(string Column, ScoreRange Range, bool Descending, bool HigherRowFirstOnTies, QuotaRule Quota, int Number, double Rate, int PoolSizeOverride, bool OutputInDatasetOrder)
{
    /// <summary>
    /// Quota for a pool of <paramref name="poolSize"/> rows of which <paramref name="surviving"/> are in range.
    /// <c>int()</c> of the product truncates toward zero like Python's, on the same IEEE double product.
    /// </summary>
    public int QuotaFor(int poolSize, int surviving) => Quota switch
    {
        QuotaRule.All => surviving,
        QuotaRule.Fixed => Number,
        QuotaRule.RateOfSurviving => (int)(Rate * surviving),
        QuotaRule.RateOfPool => (int)(Rate * (PoolSizeOverride > 0 ? PoolSizeOverride : poolSize)),
        _ => throw new InvalidOperationException($"unknown quota rule {Quota}"),
    };

    public string DescribeQuota(int poolSize) => Quota switch
    {
        QuotaRule.All => "all in range",
        QuotaRule.Fixed => $"top {Number}",
        QuotaRule.RateOfSurviving => $"rate {Outcome.Number(Rate)} of in-range rows",
        QuotaRule.RateOfPool => $"rate {Outcome.Number(Rate)} of pool size {(PoolSizeOverride > 0 ? PoolSizeOverride : poolSize)}",
        _ => Quota.ToString(),
    };

    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["column"] = Column,
            ["order"] = Descending ? "descending" : "ascending",
            ["ties"] = HigherRowFirstOnTies ? "higher-row-first" : "lower-row-first",
            ["quota"] = Quota.ToString(),
            ["output"] = OutputInDatasetOrder ? "dataset" : "rank",
        };
        Range.Describe(settings);
        if (Quota == QuotaRule.Fixed)
            settings["number"] = Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Quota is QuotaRule.RateOfPool or QuotaRule.RateOfSurviving)
            settings["rate"] = Outcome.Number(Rate);
        if (Quota == QuotaRule.RateOfPool)
            settings["pool_size"] = PoolSizeOverride.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}
