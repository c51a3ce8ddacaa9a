using Winnow.Selection.Clustering;

namespace Winnow.Tests.Selection.Clustering;

public class SeedingTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 0)]
    [InlineData(2.0, 1)]
    [InlineData(3.0, 1)]
    [InlineData(5.0, 3)]
    [InlineData(6.0, 4)]
    public void LowerBoundIsNumpySearchsortedLeft(double target, int expected) =>
        Assert.Equal(expected, KMeansSeeding.LowerBound([1, 3, 3, 5], target));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(8, 4)]
    [InlineData(161, 7)]
    [InlineData(2236, 9)]
    public void LocalTrialsAreTwoPlusFloorLnK(int k, int trials) => Assert.Equal(trials, KMeansSeeding.LocalTrials(k));

    [Fact]
    public void UniformRowsAreDistinctAndInRange()
    {
        var rows = KMeansSeeding.UniformRows(50, 50, new SeededRandom(3));
        Assert.Equal(Enumerable.Range(0, 50), rows.Order());
    }
}
