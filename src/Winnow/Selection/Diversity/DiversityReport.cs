using Winnow.Embedding;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Diversity;

/// <summary>
/// All set-level diversity figures of one selected subset, for the selection report. Label-based figures are NaN
/// (and <see cref="ClustersCovered"/> 0) without cluster labels; embedding-based ones are NaN without embeddings.
/// Entropies are in nats.
/// </summary>
public sealed record DiversityReport(
    int Count,
    int ClustersCovered,
    double Shannon,
    double Renyi0,
    double Renyi2,
    double RenyiInfinity,
    double Simpson,
    double GiniSimpson,
    double InverseSimpson,
    double Vendi,
    double VendiQ2,
    int KnnK,
    string KnnMetric,
    double MeanKnnDistance,
    double TraceCovariance,
    double MeanPairwiseCosineDistance)
{
    public static DiversityReport Compute(IReadOnlyList<int> rows, EmbeddingMatrix? embeddings, int[]? labels, int knnK = 5, DistanceMetric knnMetric = DistanceMetric.Cosine, CancellationToken cancellationToken = default)
    {
        var counts = labels is null ? [] : CategoricalDiversity.LabelCounts(labels, rows);
        double Labelled(Func<double[], double> metric) => labels is null ? double.NaN : metric(counts);
        double Embedded(Func<EmbeddingMatrix, double> metric) => embeddings is null ? double.NaN : metric(embeddings);
        // Both Vendi orders come from one spectrum.
        var spectrum = new Lazy<double[]>(() => VendiScore.Spectrum(embeddings!, rows));
        double Vendi(double q) => rows.Count == 0 ? double.NaN : Embedded(_ => VendiScore.FromEigenvalues(spectrum.Value, q));
        return new DiversityReport(
            rows.Count,
            counts.Length,
            Labelled(c => CategoricalDiversity.Shannon(c)),
            Labelled(c => CategoricalDiversity.Renyi(c, 0)),
            Labelled(c => CategoricalDiversity.Renyi(c, 2)),
            Labelled(c => CategoricalDiversity.Renyi(c, double.PositiveInfinity)),
            Labelled(c => CategoricalDiversity.Simpson(c)),
            Labelled(c => CategoricalDiversity.GiniSimpson(c)),
            Labelled(c => CategoricalDiversity.InverseSimpson(c)),
            Vendi(1),
            Vendi(2),
            knnK,
            DistanceMetrics.Name(knnMetric),
            Embedded(e => NearestNeighbourDistance.Mean(e, rows, knnK, knnMetric, cancellationToken)),
            Embedded(e => Dispersion.TraceCovariance(e, rows)),
            Embedded(e => Dispersion.MeanPairwiseCosineDistance(e, rows)));
    }
}
