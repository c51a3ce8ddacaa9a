using Winnow.Embedding;
using Winnow.Selection.Clustering;
using Winnow.Tensors;

namespace Winnow.Tests.Selection.Clustering;

public class SampledKMeansTests
{
    private static EmbeddingMatrix ToMatrix(float[] data, int n, int d)
    {
        var matrix = new EmbeddingMatrix(n, d);
        for (var i = 0; i < n; i++)
            matrix.WriteRow(i, data.AsSpan(i * d, d));
        return matrix;
    }

    [Fact]
    public void SmallPoolIsFittedWholeExactlyAsPcaThenKMeans()
    {
        const int n = 700, d = 10, k = 6;
        var matrix = ToMatrix(ClusterData.Uniform(n, d, 2), n, d);
        var options = new KMeansOptions { K = k, Seed = 5 };
        var pooled = SampledKMeans.Fit(matrix, 0.9, options, perCentroid: 256, null, "t", CancellationToken.None);
        var data = matrix.ToFloat();
        var pca = Pca.Fit(data, n, d, 0.9);
        var whole = KMeans.Fit(pca.Transform(data, n), n, pca.ComponentCount, options);
        Assert.Equal(n, pooled.TrainingRows);
        Assert.Equal(whole.Labels, pooled.Labels);
        Assert.Equal(whole.Inertia, pooled.Inertia);
    }

    [Fact]
    public void StreamedSampleFitIsBitIdenticalToPcaThenKMeansOnTheWidenedSample()
    {
        // 5,120 training rows cross the projection's 4,096-row read block and many covariance blocks of 256.
        const int n = 6_000, d = 24, k = 20;
        var matrix = ToMatrix(ClusterData.Uniform(n, d, 9), n, d);
        var options = new KMeansOptions { K = k, Seed = 4, DegreeOfParallelism = 2 };
        var streamed = SampledKMeans.Fit(matrix, 0.9, options, perCentroid: 256, null, "t", CancellationToken.None);
        var sample = TrainingSample.ForKMeans(n, k, 256, options.Seed)!;
        var widened = matrix.ToFloat(sample);
        var pca = Pca.Fit(widened, sample.Length, d, 0.9);
        var model = KMeans.Fit(pca.Transform(widened, sample.Length), sample.Length, pca.ComponentCount, options);
        Assert.Equal(5_120, streamed.TrainingRows);
        Assert.Equal(pca.Components, streamed.Pca!.Components);
        Assert.Equal(pca.Mean, streamed.Pca.Mean);
        Assert.Equal(model.Centroids, streamed.Model.Centroids);
        Assert.Equal(model.Labels, streamed.Model.Labels);
        Assert.Equal(model.Inertia, streamed.Model.Inertia);
    }

    [Fact]
    public void SampledFitRecoversPlantedClustersAcrossAssignmentBlocks()
    {
        // 20,000 rows (two assignment blocks) in 12 separated blobs; 12 × 64 = 768 training rows.
        const int n = 20_000, d = 8, k = 12;
        var (data, truth) = ClusterData.Blobs(n, d, k, 7);
        var matrix = ToMatrix(data, n, d);
        var sampled = SampledKMeans.Fit(matrix, null, new KMeansOptions { K = k, Seed = 1 }, perCentroid: 64, null, "t", CancellationToken.None);
        Assert.Equal(768, sampled.TrainingRows);
        Assert.True(ClusterData.SamePartition(truth, sampled.Labels));
        var full = KMeans.Fit(matrix, new KMeansOptions { K = k, Seed = 1 });
        // Same partition, so the only loss is the centroids being means of 64 rows instead of ~1,667: the expected
        // excess is 1/64 of the within-blob variance per row (+1.6 %); the full fit's exact means are the minimum.
        Assert.InRange(sampled.Inertia / full.Inertia, 1.0, 1.03);
    }

    [Fact]
    public void BlockedAssignmentThroughThePcaLabelsEveryRowAsOneProjectionOfThePoolDoes()
    {
        // 40,000 rows: three assignment blocks, the last one shorter, all through one reused projection and block
        // buffer (whose lanes past a short block's last row hold the previous block's values).
        const int n = 40_000, d = 16, k = 10;
        var matrix = ToMatrix(ClusterData.Uniform(n, d, 6), n, d);
        var sampled = SampledKMeans.Fit(matrix, 0.9, new KMeansOptions { K = k, Seed = 8, DegreeOfParallelism = 2 }, 100, null, "t", CancellationToken.None);
        Assert.Equal(1_000, sampled.TrainingRows);
        var whole = sampled.Pca!.Project(new EmbeddingRows(matrix, null), 0, n, 2, CancellationToken.None);
        var groups = new CentroidGroups(k, whole.Dim);
        groups.Load(sampled.Model.Centroids);
        var labels = new int[n];
        Assignment.Run(whole, groups, labels, new float[n], 2, DotKernel.Best, CancellationToken.None);
        Assert.Equal(labels, sampled.Labels);
        var inertia = Lloyd.Inertia(whole, sampled.Model.Centroids, labels, 2, CancellationToken.None);
        Assert.Equal(inertia, sampled.Inertia, inertia * 1e-12);
    }

    [Fact]
    public void SampledFitDoesNotDependOnTheThreadCount()
    {
        const int n = 18_000, d = 12, k = 9;
        var matrix = ToMatrix(ClusterData.Uniform(n, d, 4), n, d);
        PoolClustering Run(int threads) => SampledKMeans.Fit(matrix, 0.95, new KMeansOptions { K = k, Seed = 3, DegreeOfParallelism = threads }, 100, null, "t", CancellationToken.None);
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(900, one.TrainingRows);
        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(one.Inertia, two.Inertia);
        Assert.Equal(one.Model.Centroids, two.Model.Centroids);
    }

    [Fact]
    public void BlockedInertiaMatchesADirectSumOverAllRows()
    {
        const int n = 17_000, d = 5, k = 4;
        var data = ClusterData.Uniform(n, d, 8);
        var matrix = ToMatrix(data, n, d);
        var sampled = SampledKMeans.Fit(matrix, null, new KMeansOptions { K = k, Seed = 2 }, 50, null, "t", CancellationToken.None);
        var widened = matrix.ToFloat();
        var direct = 0.0;
        for (var i = 0; i < n; i++)
        {
            var centroid = sampled.Model.Centroid(sampled.Labels[i]);
            var nearest = Enumerable.Range(0, k).Min(c => Distance(widened.AsSpan(i * d, d), sampled.Model.Centroid(c)));
            Assert.Equal(nearest, Distance(widened.AsSpan(i * d, d), centroid), 1e-4);
            direct += Distance(widened.AsSpan(i * d, d), centroid);
        }
        Assert.Equal(direct, sampled.Inertia, direct * 1e-6);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
            sum += ((double)a[j] - b[j]) * ((double)a[j] - b[j]);
        return sum;
    }
}
