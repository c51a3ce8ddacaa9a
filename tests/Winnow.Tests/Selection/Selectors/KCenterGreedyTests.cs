namespace Winnow.Tests.Selection.Selectors;

public class KCenterGreedyTests
{
    // Points on a line: 0, 1, 3, 7, 8; row 0 has the highest score.
    private static readonly Winnow.Selection.SelectionContext Line =
        Pools.Context(5, Pools.Matrix([0], [1], [3], [7], [8]), columns: ("s", [9, 1, 1, 1, 1]));

    [Fact]
    public void LineFromHighestScore()
    {
        // m after {0}: 0 1 3 7 8 → pick 8 (row 4); m: 0 1 3 1 0 → pick 3 (row 2); m: 0 1 0 1 0 → tie, lower row 1.
        var result = Pools.Create("k-center", ("init", "score"), ("column", "s")).Select(Line, 4, CancellationToken.None);
        Assert.Equal([0, 4, 2, 1], Pools.Rows(result));
        Assert.Equal("k-center step 2: distance to nearest centre 8", result.Selected[1].Reason);
        Assert.StartsWith("covered: distance to nearest centre 1 (covering radius 1)", Pools.Reason(result, 3));
        // The start was chosen by score, every later centre for coverage.
        Assert.Equal([false, true, true, true], result.Selected.Select(p => p.Covers));
    }

    [Fact]
    public void CoveringRadiusOnTheLineShrinksAsHandComputed()
    {
        var selector = Pools.Create("k-center", ("init", "score"), ("column", "s"));
        double[] expected = [8, 3, 1, 1, 0];
        for (var k = 1; k <= 5; k++)
            Assert.Equal(expected[k - 1], SelectorProperties.CoveringRadius(Line, Pools.Rows(selector.Select(Line, k, CancellationToken.None)), cosine: false), 6);
    }

    [Fact]
    public void CosineAndSeededRandomStart()
    {
        var context = Pools.Context(4, Pools.Matrix([1, 0], [2, 0.1f], [0, 1], [-1, 0]), seed: 3);
        var selector = Pools.Create("k-center", ("metric", "cosine"));
        var first = selector.Select(context, 4, CancellationToken.None);
        Assert.Equal(Pools.Rows(first), Pools.Rows(selector.Select(context, 4, CancellationToken.None)));
        Assert.Equal("first centre: seeded random draw", first.Selected[0].Reason);
        Assert.All(first.Selected, p => Assert.True(p.Covers));
        Assert.Throws<ArgumentException>(() => Pools.Create("k-center", ("init", "score")));
    }
}
