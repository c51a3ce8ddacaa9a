using Winnow.Embedding;
using Winnow.Selection.Clustering;

namespace Winnow.Selection.Car;

/// <summary>
/// CaR's clustering step (METHODS §3.1 steps 3–4): PCA keeping <see cref="CarOptions.VarianceToKeep"/> of the
/// variance, then k-means++ k-means (n_init 1, run to convergence) with k = ⌊√(n/2)⌋ unless given, seeded by the
/// selection seed (CaR hard-codes random_state 42 for both).
/// </summary>
internal static class CarClustering
{
    public static int[] Labels(EmbeddingMatrix embeddings, CarOptions options, int seed, CancellationToken cancellationToken)
    {
        var n = embeddings.Rows;
        var features = embeddings.ToFloat();
        var dim = embeddings.Dim;
        if (options.UsePca)
        {
            var pca = Pca.Fit(features, n, dim, options.VarianceToKeep, options.Threads);
            features = pca.Transform(features, n, options.Threads);
            dim = pca.ComponentCount;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var k = options.K ?? KMeans.DefaultK(n);
        var kmeans = KMeans.Fit(features, n, dim, new KMeansOptions { K = k, Seed = seed, DegreeOfParallelism = options.Threads }, cancellationToken);
        return kmeans.Labels;
    }
}
