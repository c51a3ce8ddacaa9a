using Winnow.Embedding;
using Winnow.Selection.Geometry;
using Winnow.Tensors;

namespace Winnow.Selection.Diversity;

/// <summary>
/// Set-level kNN distance: for each row of the subset, the mean distance to its k nearest other rows of the subset
/// (a row is never its own neighbour, but exact duplicates count at distance 0), averaged over the subset.
/// Brute force in blocks of <see cref="RowBlocks.Size"/> × |S| with <see cref="BlockDot"/>: O(|S|²·d) time,
/// O(|S|·d) memory. k is capped at |S| − 1; fewer than two rows give NaN.
/// </summary>
public static class NearestNeighbourDistance
{
    public static double Mean(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, int k, DistanceMetric metric, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var perRow = PerRow(embeddings, rows, k, metric, cancellationToken);
        if (perRow.Length < 2)
            return double.NaN;
        var sum = 0.0;
        foreach (var value in perRow)
            sum += value;
        return sum / perRow.Length;
    }

    /// <summary>Mean distance from each subset row to its k nearest other subset rows (NaN for a subset of one).</summary>
    public static double[] PerRow(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, int k, DistanceMetric metric, CancellationToken cancellationToken = default)
    {
        var x = DenseRows.From(embeddings, rows, metric == DistanceMetric.Cosine);
        var n = x.Count;
        var result = new double[n];
        if (n < 2)
        {
            Array.Fill(result, double.NaN);
            return result;
        }
        var neighbours = Math.Min(k, n - 1);
        RowBlocks.ForEach(n, (_, from, to) =>
        {
            var width = to - from;
            var dots = new float[width * n];
            BlockDot.Compute(x.Rows(from, width), width, x.Data, n, x.Dim, dots);
            var nearest = new float[neighbours];
            for (var i = 0; i < width; i++)
            {
                Array.Fill(nearest, float.PositiveInfinity);
                var self = from + i;
                for (var j = 0; j < n; j++)
                {
                    if (j == self)
                        continue;
                    var distance = DistanceMetrics.FromDot(metric, x.Row(self), x.Row(j), dots[i * n + j], x.SquaredNorms[self], x.SquaredNorms[j]);
                    Insert(nearest, distance);
                }
                var sum = 0.0;
                foreach (var value in nearest)
                    sum += value;
                result[self] = sum / neighbours;
            }
        }, cancellationToken);
        return result;
    }

    /// <summary>Keeps the k smallest values seen so far in ascending order (insertion into a short sorted array).</summary>
    private static void Insert(float[] nearest, float distance)
    {
        var last = nearest.Length - 1;
        if (distance >= nearest[last])
            return;
        var position = last;
        while (position > 0 && nearest[position - 1] > distance)
        {
            nearest[position] = nearest[position - 1];
            position--;
        }
        nearest[position] = distance;
    }
}
