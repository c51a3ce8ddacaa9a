namespace Winnow.Tests.Selection.Selectors;

public class RandomSelectorTests
{
    [Fact]
    public void SeededAndReproducible()
    {
        var context = Pools.Context(50, seed: 5);
        var a = Pools.Rows(Pools.Create("random").Select(context, 10, CancellationToken.None));
        Assert.Equal(a, Pools.Rows(Pools.Create("random").Select(context, 10, CancellationToken.None)));
        Assert.Equal(10, a.Distinct().Count());
        var other = Pools.Rows(Pools.Create("random", ("seed", "6")).Select(context, 10, CancellationToken.None));
        Assert.NotEqual(a, other);
        // A smaller budget is a prefix of the same permutation.
        Assert.Equal(a[..4], Pools.Rows(Pools.Create("random").Select(context, 4, CancellationToken.None)));
    }
}
