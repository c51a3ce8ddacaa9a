using Winnow.Embedding;
using Winnow.Selection.Clustering;
using Winnow.Selection.Diversity;

namespace Winnow.Pipeline;

/// <summary>
/// Diversity figures for reports: clusters come from one seeded k-means over the whole pool (k = ⌊√(n/2)⌋), so
/// the label-based metrics of a selection and of the pool are measured on the same partition, over all their
/// rows. The embedding-geometry metrics (Vendi, k-NN distance, dispersion) of a set larger than
/// <see cref="GeometrySampleSize"/> rows are measured on a seeded random sample of that size, because k-NN
/// distance is quadratic in the set size.
/// </summary>
public static class SelectionDiversity
{
    public const int GeometrySampleSize = 5000;

    /// <summary>Metrics of the selected rows and of the whole pool.</summary>
    public static (IReadOnlyDictionary<string, double> Selected, IReadOnlyDictionary<string, double> Pool) Compare(EmbeddingMatrix embeddings, IReadOnlyList<int> selected, int seed)
    {
        var labels = Labels(embeddings, seed);
        var pool = Enumerable.Range(0, embeddings.Rows).ToArray();
        return (Measure(embeddings, selected, labels, seed), Measure(embeddings, pool, labels, seed));
    }

    /// <summary>Metrics of one set of rows.</summary>
    public static IReadOnlyDictionary<string, double> Measure(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, int seed) =>
        Measure(embeddings, rows, Labels(embeddings, seed), seed);

    private static SortedDictionary<string, double> Measure(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, int[]? labels, int seed)
    {
        var byLabel = DiversityReport.Compute(rows, null, labels);
        var sample = Sample(rows, seed);
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

    /// <summary>All rows, or a seeded random subset of <see cref="GeometrySampleSize"/> of them in row order.</summary>
    private static IReadOnlyList<int> Sample(IReadOnlyList<int> rows, int seed)
    {
        if (rows.Count <= GeometrySampleSize)
            return rows;
        var random = new Random(seed);
        var picked = rows.ToArray();
        for (var i = 0; i < GeometrySampleSize; i++)
        {
            var j = random.Next(i, picked.Length);
            (picked[i], picked[j]) = (picked[j], picked[i]);
        }
        return picked.Take(GeometrySampleSize).Order().ToArray();
    }

    private static int[]? Labels(EmbeddingMatrix embeddings, int seed) =>
        embeddings.Rows < 2 ? null : KMeans.Fit(embeddings, new KMeansOptions { K = KMeans.DefaultK(embeddings.Rows), Seed = seed }).Labels;

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
