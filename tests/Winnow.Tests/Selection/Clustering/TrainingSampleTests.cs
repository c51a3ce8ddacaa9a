using Winnow.Selection.Clustering;

namespace Winnow.Tests.Selection.Clustering;

public class TrainingSampleTests
{
    [Theory]
    [InlineData(10, 10)]
    [InlineData(1000, 1)]
    [InlineData(100_000, 2560)]
    public void DrawsDistinctAscendingRowsInRange(int n, int count)
    {
        var rows = TrainingSample.Rows(n, count, seed: 3);
        Assert.Equal(count, rows.Length);
        Assert.Equal(count, rows.Distinct().Count());
        Assert.True(rows.SequenceEqual(rows.Order()));
        Assert.All(rows, r => Assert.InRange(r, 0, n - 1));
    }

    [Fact]
    public void SameSeedSameRowsOtherSeedOtherRows()
    {
        Assert.Equal(TrainingSample.Rows(50_000, 500, 1), TrainingSample.Rows(50_000, 500, 1));
        Assert.NotEqual(TrainingSample.Rows(50_000, 500, 1), TrainingSample.Rows(50_000, 500, 2));
    }

    [Fact]
    public void EveryRowIsEquallyLikely()
    {
        // 4,000 draws of 3 rows out of 6: each row is expected in 2,000 samples; binomial sd ≈ 32, so ± 160 is 5 sd.
        var hits = new int[6];
        for (var seed = 0; seed < 4000; seed++)
            foreach (var row in TrainingSample.Rows(6, 3, seed))
                hits[row]++;
        Assert.All(hits, h => Assert.InRange(h, 1840, 2160));
    }

    [Fact]
    public void KMeansSampleFollowsFaissRule()
    {
        Assert.Null(TrainingSample.ForKMeans(2560, 10, 256, 0));
        Assert.Null(TrainingSample.ForKMeans(1_000_000, 10, 0, 0));
        Assert.Equal(2560, TrainingSample.ForKMeans(2561, 10, 256, 0)!.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingSample.Rows(5, 6, 0));
    }
}
