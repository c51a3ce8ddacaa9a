namespace Winnow.Selection.Clustering;

/// <summary>
/// A fitted k-means model: <see cref="Centroids"/> is K × Dim row-major, <see cref="Labels"/> gives each row's
/// nearest centroid (ties go to the lower index), <see cref="Inertia"/> is Σ‖x − c(x)‖² computed in double.
/// <see cref="Converged"/> is false when the run stopped at MaxIterations. A cluster can end empty only when the
/// data has fewer distinct rows than K (identical centroids tie and the lower index takes the rows).
/// </summary>
public sealed record KMeansResult(int K, int Dim, float[] Centroids, int[] Labels, double Inertia, int Iterations, bool Converged)
{
    public ReadOnlySpan<float> Centroid(int cluster) => Centroids.AsSpan(cluster * Dim, Dim);

    /// <summary>Number of rows per cluster.</summary>
    public int[] ClusterSizes()
    {
        var sizes = new int[K];
        foreach (var label in Labels)
            sizes[label]++;
        return sizes;
    }
}
