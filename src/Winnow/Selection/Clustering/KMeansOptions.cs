namespace Winnow.Selection.Clustering;

/// <summary>How the first centroids are chosen.</summary>
public enum KMeansInit
{
    /// <summary>
    /// Greedy k-means++ as scikit-learn: each new centre is the best (lowest resulting potential) of
    /// 2 + ⌊ln k⌋ candidates sampled with probability proportional to the squared distance to the nearest centre.
    /// </summary>
    KMeansPlusPlus,

    /// <summary>k distinct rows drawn uniformly (faiss's default).</summary>
    Random,
}

/// <summary>Settings of <see cref="KMeans.Fit(ReadOnlySpan{float}, int, int, KMeansOptions, CancellationToken)"/>.</summary>
public sealed record KMeansOptions
{
    /// <summary>Number of clusters, 1 ≤ K ≤ n. <see cref="KMeans.DefaultK"/> gives CaR's ⌊√(n/2)⌋.</summary>
    public required int K { get; init; }

    /// <summary>Seed of the initialisation; the same data, options and seed give identical results.</summary>
    public int Seed { get; init; }

    /// <summary>scikit-learn's <c>max_iter</c>, rarely reached: its convergence rule (<see cref="Tolerance"/>) stops the fit first.</summary>
    public const int ScikitLearnMaxIterations = 300;

    /// <summary>Upper bound on Lloyd iterations (scikit-learn's default 300).</summary>
    public int MaxIterations { get; init; } = ScikitLearnMaxIterations;

    /// <summary>
    /// Relative tolerance as scikit-learn's <c>tol</c>: iteration stops when the sum over centroids of the squared
    /// centre shift is ≤ Tolerance × (mean over columns of the column variance of the data). Iteration also stops
    /// (strict convergence) when no label changed. 0 means run until labels are stable or MaxIterations.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    public KMeansInit Init { get; init; } = KMeansInit.KMeansPlusPlus;

    /// <summary>Independent runs with seeds drawn from <see cref="Seed"/>; the run with the lowest inertia is kept.</summary>
    public int NInit { get; init; } = 1;

    /// <summary>Threads over row blocks. Results do not depend on it (every reduction has a fixed order).</summary>
    public int DegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Called after each Lloyd iteration with the number done so far (progress reporting); null for none.</summary>
    public Action<int>? IterationDone { get; init; }

    internal void Validate(int n)
    {
        if (K < 1 || K > n)
            throw new ArgumentOutOfRangeException(nameof(K), K, $"k-means needs 1 ≤ K ≤ n = {n}");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxIterations);
        ArgumentOutOfRangeException.ThrowIfNegative(Tolerance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(NInit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DegreeOfParallelism);
    }
}
