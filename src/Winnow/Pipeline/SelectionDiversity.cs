using Winnow.Embedding;
using Winnow.Selection.Clustering;
using Winnow.Selection.Diversity;

namespace Winnow.Pipeline;

/// <summary>
/// Diversity figures for reports: clusters come from one seeded k-means over the whole pool (k = ⌊√(n/2)⌋), so
/// the label-based metrics of a selection and of the pool are measured on the same partition, over all their
/// rows (for pools above <see cref="ClusterFitSampleSize"/> rows the centroids are fitted on a seeded sample). The embedding-geometry metrics (Vendi, k-NN distance, dispersion) of a set larger than
/// <see cref="GeometrySampleSize"/> rows are measured on a seeded random sample of that size, because k-NN
/// distance is quadratic in the set size.
/// </summary>
public static class SelectionDiversity
{
    public const int GeometrySampleSize = 5000;

    public const int ClusterFitSampleSize = 20000;

    /// <summary>The pool's partition (<see cref="Labels"/>) and the pool's metrics on it: both depend only on the embeddings and the seed.</summary>
    public sealed record PoolFigures(int[]? Labels, IReadOnlyDictionary<string, double> Metrics);

    /// <summary>The pool's partition and metrics.</summary>
    public static PoolFigures OfPool(EmbeddingMatrix embeddings, int seed)
    {
        var labels = Labels(embeddings, seed);
        return new PoolFigures(labels, Measure(embeddings, Enumerable.Range(0, embeddings.Rows).ToArray(), labels, seed));
    }

    /// <summary>Metrics of the selected rows and of the whole pool.</summary>
    public static (IReadOnlyDictionary<string, double> Selected, IReadOnlyDictionary<string, double> Pool) Compare(EmbeddingMatrix embeddings, IReadOnlyList<int> selected, int seed) =>
        Compare(embeddings, selected, OfPool(embeddings, seed), seed);

    /// <summary>Metrics of the selected rows, on the partition of the pool's figures, and the pool's.</summary>
    public static (IReadOnlyDictionary<string, double> Selected, IReadOnlyDictionary<string, double> Pool) Compare(EmbeddingMatrix embeddings, IReadOnlyList<int> selected, PoolFigures pool, int seed) =>
        (Measure(embeddings, selected, pool.Labels, seed), pool.Metrics);

    /// <summary>Metrics of one set of rows.</summary>
    public static IReadOnlyDictionary<string, double> Measure(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, int seed) =>
        Measure(embeddings, rows, Labels(embeddings, seed), seed);

    /// <summary>Metrics of one set of rows against a partition computed once with <see cref="Labels"/> (for comparing many sets).</summary>
    public static SortedDictionary<string, double> Measure(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, int[]? labels, int seed)
    {
        var byLabel = DiversityReport.Compute(rows, null, labels);
        var sample = Sample(rows, GeometrySampleSize, seed);
        var byGeometry = DiversityReport.Compute(sample, embeddings, null);
        var metrics = Describe(byLabel with
        {
            Vendi = byGeometry.Vendi,
            VendiQ2 = byGeometry.VendiQ2,
            MeanKnnDistance = byGeometry.MeanKnnDistance,
            TraceCovariance = byGeometry.TraceCovariance,
            MeanPairwiseCosineDistance = byGeometry.MeanPairwiseCosineDistance,
        });
        metrics["geometry_sample_rows"] = sample.Count;
        return metrics;
    }

    /// <summary>The label-based metrics only (cluster counts and entropies); the geometry keys hold NaN.</summary>
    public static SortedDictionary<string, double> MeasureClusters(IReadOnlyList<int> rows, int[]? labels) =>
        Describe(DiversityReport.Compute(rows, null, labels));

    /// <summary>All rows, or a seeded random subset of <paramref name="size"/> of them in row order.</summary>
    private static IReadOnlyList<int> Sample(IReadOnlyList<int> rows, int size, int seed)
    {
        if (rows.Count <= size)
            return rows;
        var picked = rows.ToArray();
        new SeededRandom(seed).ShuffleFront(picked.AsSpan(), size);
        return picked.Take(size).Order().ToArray();
    }

    /// <summary>
    /// The partition for label-based metrics: k = ⌊√(n/2)⌋ clusters. Above <see cref="ClusterFitSampleSize"/> rows the
    /// centroids are fitted on a seeded sample of that size (or of <paramref name="fitSampleSize"/>) and every row is then
    /// assigned to its nearest centroid, which keeps the report's cost near-linear in the pool size.
    /// </summary>
    public static int[]? Labels(EmbeddingMatrix embeddings, int seed, int fitSampleSize = ClusterFitSampleSize)
    {
        if (embeddings.Rows < 2)
            return null;
        var k = KMeans.DefaultK(embeddings.Rows);
        if (embeddings.Rows <= fitSampleSize)
            return KMeans.Fit(embeddings, new KMeansOptions { K = k, Seed = seed }).Labels;
        var sample = Sample(Enumerable.Range(0, embeddings.Rows).ToArray(), fitSampleSize, seed);
        var subset = new EmbeddingMatrix(sample.Count, embeddings.Dim);
        for (var i = 0; i < sample.Count; i++)
            embeddings.Row(sample[i]).CopyTo(subset.Row(i));
        var model = KMeans.Fit(subset, new KMeansOptions { K = Math.Min(k, sample.Count), Seed = seed });
        return KMeans.Predict(embeddings, model);
    }

    private static SortedDictionary<string, double> Describe(DiversityReport report) => new(StringComparer.Ordinal)
    {
        ["rows"] = report.Count,
        ["clusters_covered"] = report.ClustersCovered,
        ["shannon_entropy_clusters"] = report.Shannon,
        ["renyi0_clusters"] = report.Renyi0,
        ["renyi2_clusters"] = report.Renyi2,
        ["renyi_inf_clusters"] = report.RenyiInfinity,
        ["gini_simpson_clusters"] = report.GiniSimpson,
        ["inverse_simpson_clusters"] = report.InverseSimpson,
        ["vendi_cosine"] = report.Vendi,
        ["vendi_cosine_q2"] = report.VendiQ2,
        [$"mean_{report.KnnK}nn_{report.KnnMetric}_distance"] = report.MeanKnnDistance,
        ["trace_covariance"] = report.TraceCovariance,
        ["mean_pairwise_cosine_distance"] = report.MeanPairwiseCosineDistance,
    };
}
