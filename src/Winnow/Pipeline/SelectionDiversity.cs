using Winnow.Embedding;
using Winnow.Selection.Clustering;
using Winnow.Selection.Diversity;

namespace Winnow.Pipeline;

/// <summary>
/// Diversity figures for reports: clusters come from one seeded k-means over the whole pool (k = ⌊√(n/2)⌋), so
/// the label-based metrics of a selection and of the pool are measured on the same partition.
/// </summary>
public static class SelectionDiversity
{
    /// <summary>Metrics of the selected rows and of the whole pool.</summary>
    public static (IReadOnlyDictionary<string, double> Selected, IReadOnlyDictionary<string, double> Pool) Compare(EmbeddingMatrix embeddings, IReadOnlyList<int> selected, int seed)
    {
        var labels = Labels(embeddings, seed);
        var pool = Enumerable.Range(0, embeddings.Rows).ToArray();
        return (Describe(DiversityReport.Compute(selected, embeddings, labels)), Describe(DiversityReport.Compute(pool, embeddings, labels)));
    }

    /// <summary>Metrics of one set of rows.</summary>
    public static IReadOnlyDictionary<string, double> Measure(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, int seed) =>
        Describe(DiversityReport.Compute(rows, embeddings, Labels(embeddings, seed)));

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
