using Winnow.Embedding;
using Winnow.Selection.Diversity;
using Winnow.Selection.Geometry;
using Winnow.Tests.Selection.Selectors;

namespace Winnow.Tests.Selection.Diversity;

public class VendiScoreTests
{
    private static int[] All(int n) => [.. Enumerable.Range(0, n)];

    [Theory]
    [InlineData(37)]
    [InlineData(64)]
    public void The_dual_gram_sums_each_entry_as_the_plain_loop_does(int d)
    {
        // Widths that do and do not fill whole vectors; a third of the values zero (those rows' entries are skipped).
        var random = new Random(d);
        var matrix = new EmbeddingMatrix(50, d);
        for (var r = 0; r < 50; r++)
            matrix.WriteRow(r, Enumerable.Range(0, d).Select(_ => random.Next(3) == 0 ? 0f : (float)(random.NextDouble() * 2 - 1)).ToArray());
        var x = DenseRows.From(matrix, normalize: true);
        var expected = new double[d * d];
        for (var r = 0; r < x.Count; r++)
        {
            var row = x.Row(r);
            for (var a = 0; a < d; a++)
            {
                var xa = (double)row[a];
                if (xa == 0)
                    continue;
                for (var b = 0; b <= a; b++)
                    expected[a * d + b] += xa * row[b];
            }
        }
        Assert.Equal(expected, VendiScore.Gram(x));
    }

    [Fact]
    public void One_spectrum_gives_every_order()
    {
        var e = Pools.Matrix([1, 0], [0, 1], [1, 1], [2, 1]);
        var spectrum = VendiScore.Spectrum(e, All(4));
        foreach (var q in new[] { 1, 2, double.PositiveInfinity })
            Assert.Equal(VendiScore.Compute(e, All(4), q), VendiScore.FromEigenvalues(spectrum, q));
        Assert.True(double.IsNaN(VendiScore.Compute(e, [])));
    }

    [Theory]
    [InlineData(VendiForm.Primal)]
    [InlineData(VendiForm.Dual)]
    public void IdenticalVectorsScoreOne(VendiForm form)
    {
        var e = Pools.Matrix([1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [2, 4, 6]);
        Assert.Equal(1.0, VendiScore.Compute(e, All(5), 1, form), 5);
    }

    [Theory]
    [InlineData(VendiForm.Primal)]
    [InlineData(VendiForm.Dual)]
    public void OrthonormalVectorsScoreTheirCount(VendiForm form)
    {
        var e = Pools.Matrix([1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 3, 0, 0], [0, 0, 0, 1, 0]);
        Assert.Equal(4.0, VendiScore.Compute(e, All(4), 1, form), 5);
        Assert.Equal(4.0, VendiScore.Compute(e, All(4), 2, form), 5);
        Assert.Equal(4.0, VendiScore.Compute(e, All(4), double.PositiveInfinity, form), 5);
    }

    [Theory]
    [InlineData(VendiForm.Primal)]
    [InlineData(VendiForm.Dual)]
    [InlineData(VendiForm.Auto)]
    public void ThreeVectorHandCase(VendiForm form)
    {
        // (1,0), (0,1), (1,1)/√2: K = [[1,0,a],[0,1,a],[a,a,1]], a = 1/√2. On (1,−1,0) K acts as 1; on (x,x,y) the
        // off-diagonal part gives μ² = 2a² = 1, so K's eigenvalues are 1, 2, 0 and K/3's are ⅓, ⅔, 0.
        // VS = exp(ln 3 − ⅔ ln 2) = 3 / 2^(2/3); VS₂ = 1/(1/9 + 4/9) = 1.8; VS∞ = 1/(2/3) = 1.5.
        var e = Pools.Matrix([1, 0], [0, 1], [1, 1]);
        Assert.Equal(3 / Math.Pow(2, 2.0 / 3), VendiScore.Compute(e, All(3), 1, form), 5);
        Assert.Equal(1.8, VendiScore.Compute(e, All(3), 2, form), 5);
        Assert.Equal(1.5, VendiScore.Compute(e, All(3), double.PositiveInfinity, form), 5);
    }

    [Fact]
    public void PrimalAndDualAgreeOnRandomSubsets()
    {
        var context = Pools.Random(3, 40, 6);
        int[] rows = [.. Enumerable.Range(0, 40).Where(i => i % 3 != 1)];
        foreach (var q in new[] { 0.5, 1.0, 2.0, double.PositiveInfinity })
        {
            var primal = VendiScore.Compute(context.Embeddings!, rows, q, VendiForm.Primal);
            var dual = VendiScore.Compute(context.Embeddings!, rows, q, VendiForm.Dual);
            Assert.Equal(primal, dual, 6);
            Assert.InRange(primal, 1, rows.Length);
        }
    }
}
