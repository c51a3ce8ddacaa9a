using Winnow.Scoring.Neural.Less;

namespace Winnow.Tests.Scoring.Neural.Less;

public class RademacherProjectionTests
{
    private static float[] Gaussian(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();

    [Fact]
    public void BlockwiseProjectionEqualsTheEntryByEntryTwin()
    {
        // 600 inputs cross two block boundaries; 100 outputs end inside a 64-bit word.
        var projection = new RademacherProjection(600, 100, seed: 3);
        var random = new Random(1);
        var vectors = Enumerable.Range(0, 3).Select(_ => Gaussian(random, 600)).ToList();
        var projected = projection.Project(vectors);
        for (var r = 0; r < vectors.Count; r++)
        {
            for (var j = 0; j < 100; j++)
            {
                double expected = 0;
                for (var i = 0; i < 600; i++)
                    expected += vectors[r][i] * projection.Sign(i, j);
                Assert.Equal(expected / 10, projected[r][j], 1e-4);
            }
        }
    }

    [Fact]
    public void TheMatrixIsFixedBySeedAndBalanced()
    {
        var a = new RademacherProjection(1000, 256, seed: 5);
        var b = new RademacherProjection(1000, 256, seed: 5);
        var c = new RademacherProjection(1000, 256, seed: 6);
        var same = 0;
        var positive = 0;
        for (var i = 0; i < 1000; i++)
        {
            for (var j = 0; j < 256; j++)
            {
                Assert.Equal(a.Sign(i, j), b.Sign(i, j));
                same += a.Sign(i, j) == c.Sign(i, j) ? 1 : 0;
                positive += a.Sign(i, j) > 0 ? 1 : 0;
            }
        }
        // 256,000 fair signs: share of +1 and agreement between seeds within 1 % of ½ (≈ 10 standard deviations).
        Assert.InRange(positive / 256_000.0, 0.49, 0.51);
        Assert.InRange(same / 256_000.0, 0.49, 0.51);
    }

    /// <summary>
    /// Johnson–Lindenstrauss at LESS's d = 8,192 for seed 0: 12 Gaussian vectors in ℝ³⁰⁰⁰; every pairwise cosine and
    /// every squared-norm ratio is kept within 0.05 (one standard deviation of a cosine's error is ≈ 1/√d = 0.011;
    /// the largest error measured for this seed is well inside the bound).
    /// </summary>
    [Fact]
    public void InnerProductsAreKeptWithinTheJlBound()
    {
        var random = new Random(2);
        var vectors = Enumerable.Range(0, 12).Select(_ => Gaussian(random, 3000)).ToList();
        // Correlate half of the pairs so that cosines far from 0 are checked too.
        for (var k = 1; k < vectors.Count; k += 2)
            vectors[k] = vectors[k].Zip(vectors[k - 1], (x, y) => 0.6f * x + 0.8f * y).ToArray();
        var projected = new RademacherProjection(3000, 8192, seed: 0).Project(vectors);
        static double Dot(float[] x, float[] y) => x.Zip(y, (p, q) => (double)p * q).Sum();
        static double Cosine(float[] x, float[] y) => Dot(x, y) / Math.Sqrt(Dot(x, x) * Dot(y, y));
        for (var i = 0; i < vectors.Count; i++)
        {
            Assert.InRange(Dot(projected[i], projected[i]) / Dot(vectors[i], vectors[i]), 0.95, 1.05);
            for (var j = i + 1; j < vectors.Count; j++)
                Assert.True(Math.Abs(Cosine(projected[i], projected[j]) - Cosine(vectors[i], vectors[j])) < 0.05, $"pair {i},{j}");
        }
    }

    [Fact]
    public void AVectorOfTheWrongLengthIsRefused() =>
        Assert.Throws<ArgumentException>(() => new RademacherProjection(10, 4, 0).Project([new float[9]]));
}
