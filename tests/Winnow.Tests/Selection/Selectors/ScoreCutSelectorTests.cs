using Winnow.Selection;
using Winnow.Selection.Selectors;

namespace Winnow.Tests.Selection.Selectors;

public class ScoreCutSelectorTests
{
    // Row:             0    1    2    3    4           5    6     7    8    9
    private static readonly double[] Ifd = [0.5, 1.2, 0.9, 1.0, double.NaN, 0.7, 0.95, 1.5, 0.3, 0.9];

    private static SelectionResult Run(string name, int budget = 100, params (string, string)[] parameters) =>
        Pools.Create(name, parameters).Select(Pools.Context(Ifd.Length, columns: ("ifd.ifd", Ifd)), budget, CancellationToken.None);

    [Fact]
    public void CherryAppliesTheRateToSurvivingRowsAndOutputsDatasetOrder()
    {
        // Survivors (IFD ≤ 1, not NaN): rows 0 2 3 5 6 8 9 → 7; int(0.5 × 7) = 3. Highest: 3 (1.0), 6 (0.95), then the
        // 0.9 tie between rows 2 and 9 goes to row 9 (tail of sorted((ifd, index))). Output in dataset order.
        var result = Run("cherry", 100, ("rate", "0.5"));
        Assert.Equal([3, 6, 9], Pools.Rows(result));
        Assert.Equal([0, 1, 2], result.Selected.Select(p => p.Rank));
        Assert.StartsWith("score missing", Pools.Reason(result, 4));
        Assert.Contains("outside", Pools.Reason(result, 1));
        Assert.Contains("beyond quota 3", Pools.Reason(result, 2));
    }

    [Fact]
    public void CherryVicAppliesTheRateToThePoolAndKeepsDescendingOrder()
    {
        // IFD ≤ 1 survivors as above; int(0.5 × 10) = 5: 3, 6, then 2 before 9 (stable descending), then 5.
        Assert.Equal([3, 6, 2, 9, 5], Pools.Rows(Run("cherry-vic", 100, ("rate", "0.5"))));
    }

    [Fact]
    public void SuperfilteringKeepsStrictlyBelowOneAndCanReproduceTheHardCodedPoolSize()
    {
        // IFD < 1: rows 0 2 5 6 8 9; int(0.5 × 10) = 5 → 6, 2, 9, 5, 0. Row 3 (exactly 1.0) is out.
        var result = Run("superfiltering", 100, ("rate", "0.5"));
        Assert.Equal([6, 2, 9, 5, 0], Pools.Rows(result));
        Assert.Contains("outside", Pools.Reason(result, 3));
        // The original uses int(52002 × rate) whatever the pool: 0.0001 × 52002 → 5.
        Assert.Equal([6, 2, 9, 5, 0], Pools.Rows(Run("superfiltering", 100, ("rate", "0.0001"), ("pool_size", "52002"))));
        Assert.Equal([6, 2], Pools.Rows(Run("superfiltering", 100, ("rate", "0.5"), ("pool_size", "4"))));
    }

    [Fact]
    public void NumberReplacesTheRateAndTheBudgetCapsEverything()
    {
        Assert.Equal([3, 6], Pools.Rows(Run("cherry", 100, ("number", "2"))));
        var capped = Run("cherry-vic", 2, ("rate", "0.5"));
        Assert.Equal([3, 6], Pools.Rows(capped));
        Assert.Contains("beyond budget 2", Pools.Reason(capped, 2));
    }

    [Fact]
    public void ThresholdInclusiveFlagsAreData()
    {
        var inclusive = Run("threshold", 100, ("column", "ifd.ifd"), ("min", "0.9"), ("max", "1.0"));
        Assert.Equal([3, 6, 2, 9], Pools.Rows(inclusive));
        var exclusive = Run("threshold", 100, ("column", "ifd.ifd"), ("min", "0.9"), ("max", "1.0"), ("min_inclusive", "false"), ("max_inclusive", "false"));
        Assert.Equal([6], Pools.Rows(exclusive));
    }

    [Fact]
    public void TopKAscendingWithDatasetOutput()
    {
        var result = Run("top-k", 100, ("column", "ifd.ifd"), ("k", "3"), ("order", "ascending"), ("output", "dataset"));
        Assert.Equal([0, 5, 8], Pools.Rows(result));
        Assert.Equal([8, 0], Pools.Rows(Run("top-k", 2, ("column", "ifd.ifd"), ("order", "ascending"))));
    }

    [Fact]
    public void RatioOfSurvivingOrPool()
    {
        // Range (−∞, 1]: 7 survivors; of = surviving: int(0.3 × 7) = 2; of = pool: int(0.3 × 10) = 3.
        Assert.Equal([3, 6], Pools.Rows(Run("ratio", 100, ("column", "ifd.ifd"), ("max", "1"), ("rate", "0.3"), ("of", "surviving"))));
        Assert.Equal([3, 6, 2], Pools.Rows(Run("ratio", 100, ("column", "ifd.ifd"), ("max", "1"), ("rate", "0.3"))));
    }

    [Fact]
    public void UnknownParametersAndMissingColumnsAreErrors()
    {
        Assert.Throws<ArgumentException>(() => Pools.Create("cherry", ("rate_typo", "0.1")));
        Assert.Throws<ArgumentException>(() => Pools.Create("threshold"));
        Assert.Throws<ArgumentException>(() => Run("cherry", 10, ("column", "nope")));
        Assert.Throws<ArgumentException>(() => Pools.Create("ratio", ("column", "s"), ("rate", "1.5")));
    }

    [Fact]
    public void SettingsRecordTheEffectiveConfiguration()
    {
        var selector = Pools.Create("superfiltering", ("pool_size", "52002"));
        Assert.Equal("false", selector.Settings["max_inclusive"]);
        Assert.Equal("52002", selector.Settings["pool_size"]);
        Assert.Equal("ifd.ifd", selector.Settings["column"]);
    }
}
