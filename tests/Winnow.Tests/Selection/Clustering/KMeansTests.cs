using FsCheck;
using FsCheck.Fluent;
using Winnow.Embedding;
using Winnow.Selection.Clustering;
using Winnow.Tensors;

namespace Winnow.Tests.Selection.Clustering;

public class KMeansTests
{
    [Theory]
    [InlineData(KMeansInit.KMeansPlusPlus)]
    [InlineData(KMeansInit.Random)]
    public void FastPathAgreesWithReferenceTwin(KMeansInit init)
    {
        const int n = 403, d = 19, k = 7;
        var data = ClusterData.Uniform(n, d, 5);
        var options = new KMeansOptions { K = k, Seed = 11, Init = init, DegreeOfParallelism = 2 };
        var fast = KMeans.Fit(data, n, d, options);
        var reference = KMeansReference.Fit(data, n, d, options);
        Assert.Equal(reference.Labels, fast.Labels);
        Assert.Equal(reference.Iterations, fast.Iterations);
        Assert.Equal(reference.Converged, fast.Converged);
        Assert.Equal(reference.Inertia, fast.Inertia, reference.Inertia * 1e-5);
        for (var i = 0; i < fast.Centroids.Length; i++)
            Assert.Equal(reference.Centroids[i], fast.Centroids[i], 1e-5f);
    }

    [Fact]
    public void RecoversWellSeparatedBlobs()
    {
        var (data, truth) = ClusterData.Blobs(600, 8, 12, 3);
        var result = KMeans.Fit(data, 600, 8, new KMeansOptions { K = 12, Seed = 1 });
        Assert.True(ClusterData.SamePartition(truth, result.Labels));
        Assert.True(result.Converged);
    }

    [Fact]
    public void SameSeedGivesIdenticalResultsWhateverTheThreadCount()
    {
        const int n = 5000, d = 16, k = 20;
        var data = ClusterData.Uniform(n, d, 9);
        var one = KMeans.Fit(data, n, d, new KMeansOptions { K = k, Seed = 4, DegreeOfParallelism = 1 });
        var two = KMeans.Fit(data, n, d, new KMeansOptions { K = k, Seed = 4, DegreeOfParallelism = 2 });
        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(one.Centroids, two.Centroids);
        Assert.Equal(one.Inertia, two.Inertia);
        var other = KMeans.Fit(data, n, d, new KMeansOptions { K = k, Seed = 5 });
        Assert.NotEqual(one.Centroids, other.Centroids);
    }

    [Fact]
    public unsafe void EmptyClusterIsReseededFromTheFarthestRow()
    {
        // 1-D rows 0, 1, 2, 10 with centroids 1 and 100: every row goes to centroid 0, cluster 1 is empty and takes
        // row 3 (squared distance 81, the farthest); the next assignment is then stable at centroids 1 and 10.
        float[] data = [0, 1, 2, 10];
        fixed (float* p = data)
        {
            var packed = new PackedRows(new RowMatrix(p, 4, 1), 1, CancellationToken.None);
            var result = Lloyd.Run(packed, [1f, 100f], 2, 300, 0, 1, DotKernel.Best, null, CancellationToken.None);
            Assert.Equal([1f, 10f], result.Centroids);
            Assert.Equal([0, 0, 0, 1], result.Labels);
            Assert.Equal(2, result.Inertia, 1e-9);
            Assert.True(result.Converged);
        }
    }

    [Fact]
    public void SingleClusterCentroidIsTheMean()
    {
        float[] data = [1, 2, 3, 4, 5, 9];
        var result = KMeans.Fit(data, 3, 2, new KMeansOptions { K = 1 });
        Assert.Equal([3f, 5f], result.Centroids);
        Assert.Equal(4 + 9 + 0 + 1 + 4 + 16, result.Inertia, 1e-9);
        Assert.True(result.Converged);
    }

    [Fact]
    public void EmbeddingMatrixOverloadClustersItsRows()
    {
        var (data, truth) = ClusterData.Blobs(90, 4, 3, 8);
        var matrix = new EmbeddingMatrix(90, 4);
        for (var i = 0; i < 90; i++)
            matrix.WriteRow(i, data.AsSpan(i * 4, 4));
        var result = KMeans.Fit(matrix, new KMeansOptions { K = 3 });
        Assert.True(ClusterData.SamePartition(truth, result.Labels));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(52002, 161)]
    public void DefaultKIsCaRsFloorSqrtHalfN(int n, int k) => Assert.Equal(k, KMeans.DefaultK(n));

    [Fact]
    public void RejectsInvalidArguments()
    {
        var data = new float[10];
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit(data, 5, 2, new KMeansOptions { K = 6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit(data, 5, 2, new KMeansOptions { K = 0 }));
        Assert.Throws<ArgumentException>(() => KMeans.Fit(data, 4, 2, new KMeansOptions { K = 2 }));
    }

    [Fact]
    public void MoreInitialisationsNeverIncreaseInertia()
    {
        const int n = 800, d = 6, k = 9;
        var data = ClusterData.Uniform(n, d, 12);
        var single = KMeans.Fit(data, n, d, new KMeansOptions { K = k, Seed = 3, NInit = 1 });
        var many = KMeans.Fit(data, n, d, new KMeansOptions { K = k, Seed = 3, NInit = 4 });
        Assert.True(many.Inertia <= single.Inertia);
    }

    [Fact]
    public void ConvergedLabelsAreNearestCentroidsAndInertiaIsTheirSum()
    {
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var n = random.Next(2, 120);
            var d = random.Next(1, 12);
            var k = random.Next(1, Math.Min(n, 10) + 1);
            var data = ClusterData.Uniform(n, d, seed);
            var result = KMeans.Fit(data, n, d, new KMeansOptions { K = k, Seed = seed });
            var inertia = 0.0;
            for (var i = 0; i < n; i++)
            {
                var row = data.AsSpan(i * d, d);
                var own = SquaredDistance.Reference(row, result.Centroid(result.Labels[i]));
                for (var c = 0; c < k; c++)
                {
                    if (SquaredDistance.Reference(row, result.Centroid(c)) < own - 1e-4f)
                        return false;
                }
                inertia += own;
            }
            return Math.Abs(inertia - result.Inertia) <= 1e-4 * Math.Max(1, inertia) && result.Labels.Distinct().Count() == k;
        }).QuickCheckThrowOnFailure();
    }
}

public class KMeansPredictTests
{
    [Fact]
    public void PredictGivesTheLabelsOfTheFittedRowsAndTheNearestCentroidForNewOnes()
    {
        var random = new Random(4);
        var matrix = new Winnow.Embedding.EmbeddingMatrix(60, 3);
        for (var i = 0; i < 60; i++)
            matrix.WriteRow(i, [(i % 3) * 10 + (float)random.NextDouble(), (float)random.NextDouble(), (i % 3) * -5 + (float)random.NextDouble()]);
        var model = KMeans.Fit(matrix, new KMeansOptions { K = 3, Seed = 1 });
        Assert.Equal(model.Labels, KMeans.Predict(matrix, model));
        var probe = new Winnow.Embedding.EmbeddingMatrix(1, 3);
        probe.WriteRow(0, [20.5f, 0.5f, -9.5f]);
        var expected = Enumerable.Range(0, 3).MinBy(c => Enumerable.Range(0, 3).Sum(j => Math.Pow(model.Centroid(c)[j] - (float)probe.Row(0)[j], 2)));
        Assert.Equal(expected, KMeans.Predict(probe, model)[0]);
    }
}
