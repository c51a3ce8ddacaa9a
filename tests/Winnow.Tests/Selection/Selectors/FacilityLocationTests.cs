using Winnow.Selection.Selectors;

namespace Winnow.Tests.Selection.Selectors;

public class FacilityLocationTests
{
    // Points 0, 1, 2, 6 on a line, d = 1, so s_ij = exp(−|x_i − x_j|).
    private static readonly Winnow.Selection.SelectionContext Line =
        Pools.Context(4, Pools.Matrix([0], [1], [2], [6]), columns: ("ifd.ifd", [0.95, 0.5, 0.99, 1.2]));

    [Fact]
    public void GreedyOrderOnFourPointsMatchesHandComputation()
    {
        // Initial gains Σ_i s_ij: 1.505693, 1.742496, 1.521530, 1.027533 → pick row 1.
        // Step 2 gains: row 0: 1 − e⁻¹ = 0.632121; row 2: 0.632121 + (e⁻⁴ − e⁻⁵) = 0.643699; row 3: 1 − e⁻⁵ = 0.993262 → row 3.
        // Step 3: rows 0 and 2 both gain exactly 1 − e⁻¹ → tie → lower row 0; then row 2. f = 1.742496, 2.735758, 3.367879, 4.
        var result = Pools.Create("facility-location").Select(Line, 4, CancellationToken.None);
        Assert.Equal([1, 3, 0, 2], Pools.Rows(result));
        Assert.Equal("facility location step 1: marginal gain 1.7425, f(S) = 1.7425", result.Selected[0].Reason);
        Assert.Equal("facility location step 2: marginal gain 0.993262, f(S) = 2.73576", result.Selected[1].Reason);
        Assert.Equal("facility location step 4: marginal gain 0.632121, f(S) = 4", result.Selected[3].Reason);
    }

    [Fact]
    public void BudgetStopsTheGreedyAndRejectionsCarryAGainBound()
    {
        var result = Pools.Create("facility-location").Select(Line, 2, CancellationToken.None);
        Assert.Equal([1, 3], Pools.Rows(result));
        Assert.StartsWith("not chosen within budget 2: marginal gain at most 0.6", Pools.Reason(result, 0));
    }

    [Fact]
    public void PreFilterRestrictsTheGroundSet()
    {
        // Keep IFD < 1 then the top 2 by IFD: rows 2 (0.99) and 0 (0.95); ground set {0, 2}: gains 1 + e⁻², equal → row 0.
        var result = Pools.Create("superfiltering-d", ("ifd_num", "2")).Select(Line, 5, CancellationToken.None);
        Assert.Equal([0, 2], Pools.Rows(result));
        Assert.Contains("outside", Pools.Reason(result, 3));
        Assert.Contains("beyond top 2", Pools.Reason(result, 1));
        var generic = Pools.Create("facility-location", ("prefilter_column", "ifd.ifd"), ("prefilter_max", "1"), ("prefilter_max_inclusive", "false"), ("prefilter_top", "2"));
        Assert.Equal([0, 2], Pools.Rows(generic.Select(Line, 5, CancellationToken.None)));
    }

    [Fact]
    public void SuperfilteringDWithoutTopUsesTheLowerBound()
    {
        // ifd_num = 0: keep 0.9 < IFD < 1 → rows 0 and 2.
        var result = Pools.Create("superfiltering-d", ("ifd_num", "0")).Select(Line, 5, CancellationToken.None);
        Assert.Equal([0, 2], Pools.Rows(result));
    }

    [Fact]
    public void LazyGreedyEqualsNaiveGreedyAcrossManyBlocks()
    {
        // 300 rows: two 256-row blocks in the symmetric initial sweep (one off-diagonal), many lazy re-evaluations.
        var context = Pools.Random(11, 300, 5);
        var naive = SelectorProperties.NaiveFacilityLocation(context, 12);
        Assert.Equal(naive, Pools.Rows(Pools.Create("facility-location").Select(context, 12, CancellationToken.None)));
        // dense_mb = 0 forbids the cached kernel: every gain comes from blocked sweeps.
        Assert.Equal(naive, Pools.Rows(Pools.Create("facility-location", ("dense_mb", "0")).Select(context, 12, CancellationToken.None)));
    }

    [Fact]
    public void RefusesAGroundSetAboveMaxRowsUnlessTheLimitIsLifted()
    {
        var context = Pools.Random(seed: 5, rows: 40, dim: 4);
        var error = Assert.Throws<ArgumentException>(() => Pools.Create("facility-location", ("max_rows", "39")).Select(context, 5, CancellationToken.None));
        Assert.Contains("the ground set has 40 rows, more than max_rows = 39", error.Message);
        Assert.Contains("3.2e+3 multiply-adds", error.Message);
        var exact = Pools.Rows(Pools.Create("facility-location", ("max_rows", "40")).Select(context, 5, CancellationToken.None));
        Assert.Equal(exact, Pools.Rows(Pools.Create("facility-location", ("max_rows", "0")).Select(context, 5, CancellationToken.None)));
        // The score pre-filter narrows the ground set below the limit.
        Assert.Equal(5, Pools.Create("facility-location", ("max_rows", "39"), ("prefilter_column", "s"), ("prefilter_top", "20")).Select(context, 5, CancellationToken.None).Selected.Count);
    }
}
