using Winnow.Reporting;

namespace Winnow.Tests.Reporting;

public sealed class HistogramsTests
{
    [Fact]
    public void SharesCountEachValueOnceAndClampTheEnds()
    {
        // 40 bins over [0, 40): value v lands in bin ⌊v⌋; −5 and 99 clamp to the first and last bin.
        var shares = Histograms.Shares([0.5, 1.5, 1.7, 39.9, -5, 99], 0, 40);
        Assert.Equal(2.0 / 6, shares[0], 12);
        Assert.Equal(2.0 / 6, shares[1], 12);
        Assert.Equal(2.0 / 6, shares[39], 12);
        Assert.Equal(1.0, shares.Sum(), 12);
    }

    [Fact]
    public void QuantileInterpolatesLikeNumpy()
    {
        // numpy.quantile([1, 2, 4, 8], 0.5) = 3.0; 0.9 → 2.7th position → 4 + 0.7 × 4 = 6.8.
        Assert.Equal(3.0, Histograms.Quantile([1, 2, 4, 8], 0.5), 12);
        Assert.Equal(6.8, Histograms.Quantile([1, 2, 4, 8], 0.9), 12);
    }

    [Fact]
    public void BuildSharesBinsBetweenPoolAndMethodsAndSkipsMissingValues()
    {
        double[] pool = [.. Enumerable.Range(0, 100).Select(i => (double)i), double.NaN];
        var data = Histograms.Build("t", "e", "score", pool, [[10, 20, double.NaN]], [new Marker(50, "cut")]);
        Assert.Equal(100, data.PoolCount);
        Assert.Equal(Histograms.Bins + 1, data.Edges.Length);
        Assert.Equal(1.0, data.PoolShare.Sum(), 9);
        Assert.Equal(1.0, data.MethodShare[0].Sum(), 9);
        Assert.Contains("0.5–99.5 %", data.Title);
    }
}
