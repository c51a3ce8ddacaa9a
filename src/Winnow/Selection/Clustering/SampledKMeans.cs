using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>A pool clustered by <see cref="SampledKMeans"/>: every row's label, the inertia over all rows, and what was fitted.</summary>
/// <param name="TrainingRows">Rows the PCA and k-means were fitted on (the whole pool when it was small enough).</param>
public sealed record PoolClustering(int[] Labels, double Inertia, PcaModel? Pca, KMeansResult Model, int TrainingRows);

/// <summary>
/// k-means over a large float16 pool the way faiss trains its coarse quantisers: when the pool has more than
/// K × <c>perCentroid</c> rows (faiss's <c>max_points_per_centroid</c>, 256), PCA (if asked for) and k-means
/// (k-means++ seeding and Lloyd, <see cref="KMeans"/>) are fitted on a seeded uniform sample of that many rows, then
/// every row is projected and assigned in blocks (<see cref="BlockedAssignment"/>). Cost: O(K·256·d·iterations) for
/// the fit, plus O(n·K·d) for one assignment pass. Memory: the sample is streamed from the float16 pool in blocks
/// (PCA covariance, then projection) straight into the one packed float32 copy k-means works from, m × d′ (padded to
/// whole 32-row panels), plus a few blocks; that copy is no longer referenced when the assignment pass starts. A pool at or under
/// the limit (or perCentroid = 0) is fitted whole, exactly as <see cref="KMeans.Fit(EmbeddingMatrix, KMeansOptions, CancellationToken)"/>
/// after <see cref="Pca.Fit"/>. The sample depends only on the seed and n, so results do not depend on the thread count.
/// </summary>
public static class SampledKMeans
{
    /// <summary>faiss's default <c>max_points_per_centroid</c>.</summary>
    public const int FaissPointsPerCentroid = 256;

    /// <summary>faiss's default <c>niter</c>: its k-means runs this many Lloyd iterations, whatever the centroids' change.</summary>
    public const int FaissIterations = 25;

    /// <summary>Whether <see cref="Fit"/> trains on a sample of <paramref name="n"/> rows rather than on all of them.</summary>
    public static bool FitsOnSample(int n, int k, int perCentroid) => TrainingSample.SamplesForKMeans(n, k, perCentroid);

    /// <param name="pcaVariance">Variance share the PCA keeps (CaR: 0.95); null clusters the embeddings as they are.</param>
    /// <param name="progress">Receives "<paramref name="stage"/>: k-means" (Lloyd iterations) and "<paramref name="stage"/>: assign" (rows).</param>
    public static PoolClustering Fit(EmbeddingMatrix embeddings, double? pcaVariance, KMeansOptions options, int perCentroid,
        IProgress<StageProgress>? progress, string stage, CancellationToken cancellationToken)
    {
        var n = embeddings.Rows;
        options.Validate(n);
        var sample = TrainingSample.ForKMeans(n, options.K, perCentroid, options.Seed);
        var m = sample?.Length ?? n;
        var (pca, model) = FitOnSample(new EmbeddingRows(embeddings, sample), pcaVariance, options, progress, stage, cancellationToken);
        if (sample is null)
            return new PoolClustering(model.Labels, model.Inertia, pca, model, n);
        var (labels, inertia) = BlockedAssignment.Run(embeddings, pca, model, options.DegreeOfParallelism, progress, $"{stage}: assign", cancellationToken);
        return new PoolClustering(labels, inertia, pca, model, m);
    }

    /// <summary>
    /// PCA and k-means on the training rows. The packed copy they work from is referenced from this frame only, so it is
    /// garbage once the fit returns, whatever the JIT's tier: unoptimised code keeps a method's locals alive to its end,
    /// which held the copy through the whole assignment pass when it was a local of <see cref="Fit"/>.
    /// </summary>
    private static (PcaModel? Pca, KMeansResult Model) FitOnSample(EmbeddingRows rows, double? pcaVariance, KMeansOptions options,
        IProgress<StageProgress>? progress, string stage, CancellationToken cancellationToken)
    {
        var m = rows.Rows;
        PcaModel? pca = null;
        PackedRows packed;
        if (pcaVariance is { } variance)
        {
            progress?.Report(new StageProgress($"{stage}: PCA", 0, m));
            pca = Pca.Fit(rows, variance, options.DegreeOfParallelism);
            packed = pca.Project(rows, 0, m, options.DegreeOfParallelism, cancellationToken);
            progress?.Report(new StageProgress($"{stage}: PCA", m, m));
        }
        else
            packed = PackedRows.Pack(rows, 0, m, options.DegreeOfParallelism, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var iterationStage = $"{stage}: k-means on {m:N0} rows (iterations, at most)";
        var model = KMeans.Fit(packed, options with
        {
            IterationDone = progress is null ? null : i => progress.Report(new StageProgress(iterationStage, i, options.MaxIterations)),
        }, DotKernel.Best, cancellationToken);
        progress?.Report(new StageProgress(iterationStage, options.MaxIterations, options.MaxIterations));
        return (pca, model);
    }
}
