using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Selection.Clustering;

namespace Winnow.Selection.Car;

/// <summary>
/// CaR's clustering step (METHODS §3.1 steps 3–4): PCA keeping <see cref="CarOptions.VarianceToKeep"/> of the
/// variance, then k-means++ k-means (n_init 1, run to convergence or <see cref="CarOptions.MaxIterations"/>) with k = ⌊√(n/2)⌋ unless given, seeded by the
/// selection seed (CaR hard-codes random_state 42 for both). Pools over k × <see cref="CarOptions.PointsPerCentroid"/>
/// rows are fitted the way faiss fits them: on a seeded sample, for at most 25 Lloyd iterations unless a cap is given,
/// and then assigned in blocks (<see cref="SampledKMeans"/>).
/// </summary>
internal static class CarClustering
{
    public static int[] Labels(EmbeddingMatrix embeddings, CarOptions options, int seed, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var k = options.K ?? KMeans.DefaultK(embeddings.Rows);
        var kmeans = new KMeansOptions { K = k, Seed = seed, MaxIterations = options.IterationsFor(embeddings.Rows, k), DegreeOfParallelism = options.Threads };
        var pca = options.UsePca ? options.VarianceToKeep : (double?)null;
        return SampledKMeans.Fit(embeddings, pca, kmeans, options.PointsPerCentroid, progress, Components.Declared.Name<CarSelector>(), cancellationToken).Labels;
    }
}
