namespace Winnow.Tests.Selection.Selectors;

public class HerdingTests
{
    [Fact]
    public void OneDimensionalHandCase()
    {
        // Points 0, 2, 4, 10, mean 4. t=1: |4 − x| → 4 (row 2). t=2: |4 − (4 + x)/2| → 2 gives 1, 0 gives 2, 10 gives 3 → row 1.
        // t=3: |4 − (6 + x)/3| → 10 gives 1.33, 0 gives 2 → row 3. t=4: row 0.
        var context = Pools.Context(4, Pools.Matrix([0], [2], [4], [10]));
        var result = Pools.Create("herding").Select(context, 4, CancellationToken.None);
        Assert.Equal([2, 1, 3, 0], Pools.Rows(result));
        Assert.Equal("herding step 1: ‖pool mean − selected mean‖ = 0", result.Selected[0].Reason);
        Assert.Equal("herding step 2: ‖pool mean − selected mean‖ = 1", result.Selected[1].Reason);
    }

    [Fact]
    public void TwoDimensionalHandCase()
    {
        // Points (0,0), (2,0), (0,2), (2,2), (1,1.5); mean (1, 1.1). Step 1: nearest to the mean is (1, 1.5) (row 4).
        // Step 2: (s + x)/2 vs mean: s = (1, 1.5), target 2μ − s = (1, 0.7); nearest is (2,0) or (0,0) at equal
        // distance √(1 + 0.49) → lower row 0.
        var context = Pools.Context(5, Pools.Matrix([0, 0], [2, 0], [0, 2], [2, 2], [1, 1.5f]));
        Assert.Equal([4, 0], Pools.Rows(Pools.Create("herding").Select(context, 2, CancellationToken.None)));
    }
}
