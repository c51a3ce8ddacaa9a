namespace Winnow.Selection.Car;

/// <summary>Settings of <see cref="CarSelector"/>; the registry parameter of each is named in its comment.</summary>
public sealed record CarOptions
{
    /// <summary><c>score</c>: the quality column to rank by (CaR ranks by its IQS model, scorer <c>car.iqs</c>).</summary>
    public string Score { get; init; } = "car.iqs.iqs";

    /// <summary>
    /// <c>n1</c>: size of the global top. Null derives it from the budget: the longest global-top prefix that, together
    /// with every cluster's top-n2, fits the budget (see <see cref="CarPlan"/>). CaR's paper setting is 1000.
    /// </summary>
    public int? N1 { get; init; }

    /// <summary><c>n2</c>: rows taken from the top of each cluster (CaR: 1).</summary>
    public int N2 { get; init; } = 1;

    /// <summary><c>k</c>: number of clusters; null gives CaR's ⌊√(n / 2)⌋ over the whole pool.</summary>
    public int? K { get; init; }

    /// <summary><c>variance</c>: PCA keeps the fewest components whose explained-variance ratio exceeds this (CaR: 0.95).</summary>
    public double VarianceToKeep { get; init; } = 0.95;

    /// <summary><c>pca</c>: false clusters the embeddings as they are.</summary>
    public bool UsePca { get; init; } = true;

    /// <summary>
    /// <c>sample_per_centroid</c>: pools over k × this many rows fit PCA and k-means on a seeded sample of that size
    /// and then assign every row (faiss's rule, 256); 0 fits the whole pool.
    /// </summary>
    public int PointsPerCentroid { get; init; } = Clustering.SampledKMeans.FaissPointsPerCentroid;

    /// <summary>
    /// <c>max_iterations</c>: Lloyd iterations at most. CaR runs scikit-learn's KMeans, whose 300 is reached only when its
    /// convergence rule has not stopped the fit first; faiss stops at 20–25 whatever the change, a third of the
    /// clustering's time on a 1M-row pool (docs/scale.md has the selection's overlap at 1M).
    /// </summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary><c>threads</c>: k-means threads; the selection does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
