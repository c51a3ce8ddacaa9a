using Winnow.Selection.Clustering;
using Winnow.Tensors;

namespace Winnow.Tests.Selection.Clustering;

public class PcaTests
{
    // An orthonormal basis of R³ (a rotation), so the principal axes are not the coordinate axes.
    private static readonly double[][] Axes =
    [
        [2 / 3.0, 2 / 3.0, 1 / 3.0],
        [-2 / 3.0, 1 / 3.0, 2 / 3.0],
        [1 / 3.0, -2 / 3.0, 2 / 3.0],
    ];

    private static readonly float[] Offset = [5f, -7f, 11f];

    /// <summary>
    /// All 8 sign combinations of (±3, ±2, ±1) along <see cref="Axes"/>, shifted by <see cref="Offset"/>: the
    /// coordinates are centred and uncorrelated, so the sample variances are 9·8/7, 4·8/7 and 1·8/7 (ratios 9/14,
    /// 4/14, 1/14) along the three axes.
    /// </summary>
    private static float[] Design()
    {
        var data = new List<float>();
        foreach (var a in new[] { -3, 3 })
        foreach (var b in new[] { -2, 2 })
        foreach (var c in new[] { -1, 1 })
        {
            for (var j = 0; j < 3; j++)
                data.Add((float)(a * Axes[0][j] + b * Axes[1][j] + c * Axes[2][j]) + Offset[j]);
        }
        return data.ToArray();
    }

    [Fact]
    public void RecoversKnownAxesAndVariances()
    {
        var model = Pca.Fit(Design(), 8, 3, varianceToKeep: 1.0);
        Assert.Equal(3, model.ComponentCount);
        double[] variances = [72 / 7.0, 32 / 7.0, 8 / 7.0];
        double[] ratios = [9 / 14.0, 4 / 14.0, 1 / 14.0];
        for (var m = 0; m < 3; m++)
        {
            Assert.Equal(variances[m], model.ExplainedVariance[m], 1e-4);
            Assert.Equal(ratios[m], model.ExplainedVarianceRatio[m], 1e-6);
            // Same axis up to sign: |⟨component, axis⟩| = 1.
            var cosine = Enumerable.Range(0, 3).Sum(j => model.Component(m)[j] * Axes[m][j]);
            Assert.Equal(1, Math.Abs(cosine), 1e-5);
        }
        for (var j = 0; j < 3; j++)
            Assert.Equal(Offset[j], model.Mean[j], 1e-5f);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.85, 2)]
    [InlineData(0.95, 3)]
    public void KeepsTheSmallestPrefixExceedingTheRatio(double keep, int components)
    {
        // Cumulative ratios are 0.643, 0.929, 1.
        Assert.Equal(components, Pca.Fit(Design(), 8, 3, keep).ComponentCount);
    }

    [Fact]
    public void TransformGivesTheDesignCoordinatesUpToSign()
    {
        var data = Design();
        var model = Pca.Fit(data, 8, 3, 0.85);
        var projected = model.Transform(data, 8);
        Assert.Equal(16, projected.Length);
        var row = 0;
        foreach (var a in new[] { -3, 3 })
        foreach (var b in new[] { -2, 2 })
        foreach (var _ in new[] { -1, 1 })
        {
            Assert.Equal(3, Math.Abs(projected[row * 2]), 1e-4);
            Assert.Equal(2, Math.Abs(projected[row * 2 + 1]), 1e-4);
            Assert.Equal(Math.Sign(a) * Math.Sign(projected[0]) * -1, Math.Sign(projected[row * 2]));
            Assert.Equal(Math.Sign(b) * Math.Sign(projected[1]) * -1, Math.Sign(projected[row * 2 + 1]));
            row++;
        }
    }

    [Fact]
    public void ComponentsAreOrthonormalOnRandomData()
    {
        const int n = 300, d = 12;
        var model = Pca.Fit(ClusterData.Uniform(n, d, 21), n, d, 1.0);
        for (var p = 0; p < model.ComponentCount; p++)
        {
            for (var q = 0; q < model.ComponentCount; q++)
            {
                var dot = Enumerable.Range(0, d).Sum(j => (double)model.Component(p)[j] * model.Component(q)[j]);
                Assert.Equal(p == q ? 1 : 0, dot, 1e-5);
            }
        }
        Assert.True(model.ExplainedVariance.Zip(model.ExplainedVariance.Skip(1)).All(pair => pair.First >= pair.Second));
        Assert.Equal(1, model.ExplainedVarianceRatio.Sum(), 1e-9);
    }

    [Fact]
    public void TransformMatchesDirectDotProductsOfCentredRows()
    {
        // 70 rows (not a whole number of 32-row panels) and 13 components (not a whole number of 8-vector groups).
        const int n = 70, d = 13;
        var data = ClusterData.Uniform(n, d, 8);
        var model = Pca.Fit(data, n, d, 1.0);
        Assert.Equal(d, model.ComponentCount);
        var projected = model.Transform(data, n, degreeOfParallelism: 2);
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < d; c++)
            {
                var expected = Enumerable.Range(0, d).Sum(j => (data[i * d + j] - model.Mean[j]) * (double)model.Component(c)[j]);
                Assert.Equal(expected, projected[i * d + c], 1e-4);
            }
        }
    }

    [Fact]
    public unsafe void StreamedProjectionIsBitIdenticalToProjectingRowByRow()
    {
        // 4,500 rows cross the 4,096-row read block and end in a partial panel; 13 components end in a partial group.
        const int n = 4_500, d = 13;
        var data = ClusterData.Uniform(n, d, 21);
        var model = Pca.Fit(data, n, d, 1.0);
        fixed (float* p = data)
        {
            var rows = new RowMatrix(p, n, d);
            var whole = model.Project(rows, 0, n, 2, CancellationToken.None);
            var expected = new float[model.ComponentCount];
            var actual = new float[model.ComponentCount];
            for (var i = 0; i < n; i += 7)
            {
                var single = model.Project(rows, i, 1, 1, CancellationToken.None);
                single.CopyRow(0, expected);
                whole.CopyRow(i, actual);
                Assert.Equal(expected, actual);
                Assert.Equal(single.Norms[0], whole.Norms[i]);
            }
        }
    }

    [Fact]
    public unsafe void BlockedCovarianceMatchesTheDefinition()
    {
        // 300 rows span two 256-row blocks; 37 columns span two 32-column panels.
        const int n = 300, d = 37;
        var data = ClusterData.Uniform(n, d, 17);
        double[] mean;
        double[,] blocked, single;
        fixed (float* p = data)
        {
            var rows = new RowMatrix(p, n, d);
            mean = Covariance.Means(rows);
            blocked = Covariance.Compute(rows, mean, 2, DotKernel.Best);
            single = Covariance.Compute(rows, mean, 1, KernelPath.Scalar);
        }
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < d; b++)
            {
                var expected = Enumerable.Range(0, n).Sum(i => (data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b])) / (n - 1);
                Assert.Equal(expected, blocked[a, b], 1e-5);
                Assert.Equal(expected, single[a, b], 1e-5);
            }
        }
    }

    [Fact]
    public void RejectsAVarianceShareOutsideZeroToOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(Design(), 8, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(Design(), 8, 3, 1.5));
    }
}
