using Winnow.Embedding;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Diversity;

/// <summary>Spread of a subset of embeddings around its centre; O(|S|·d), accumulated in double.</summary>
public static class Dispersion
{
    /// <summary>
    /// Trace of the (population, 1/|S|) covariance = mean squared distance to the centroid, (1/|S|) Σ ‖e_x − ē‖².
    /// NaN for an empty subset.
    /// </summary>
    public static double TraceCovariance(EmbeddingMatrix embeddings, IReadOnlyList<int> rows)
    {
        if (rows.Count == 0)
            return double.NaN;
        var x = DenseRows.From(embeddings, rows, normalize: false);
        var mean = Mean(x);
        var total = 0.0;
        for (var i = 0; i < x.Count; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < x.Dim; j++)
            {
                var diff = row[j] - mean[j];
                total += diff * diff;
            }
        }
        return total / x.Count;
    }

    /// <summary>
    /// Mean pairwise cosine distance 1 − (1/|S|²) Σ_x Σ_y cos(e_x, e_y), over all ordered pairs including x = y
    /// (the §6.2 formula). With unit rows u that sum is ‖Σ u‖², so it costs one pass instead of |S|².
    /// </summary>
    public static double MeanPairwiseCosineDistance(EmbeddingMatrix embeddings, IReadOnlyList<int> rows)
    {
        if (rows.Count == 0)
            return double.NaN;
        var mean = Mean(DenseRows.From(embeddings, rows, normalize: true));
        var squared = 0.0;
        foreach (var value in mean)
            squared += value * value;
        return 1.0 - squared;
    }

    private static double[] Mean(DenseRows x)
    {
        var mean = new double[x.Dim];
        for (var i = 0; i < x.Count; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < x.Dim; j++)
                mean[j] += row[j];
        }
        for (var j = 0; j < x.Dim; j++)
            mean[j] /= x.Count;
        return mean;
    }
}
