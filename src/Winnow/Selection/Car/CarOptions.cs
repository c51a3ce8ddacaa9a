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
    /// <c>max_iterations</c>: Lloyd iterations at most. Null follows the regime the pool falls in: fitted whole, CaR's
    /// scikit-learn KMeans (300, reached only when its convergence rule has not stopped the fit first); fitted on
    /// faiss's sample (<see cref="PointsPerCentroid"/>), faiss's 25 as well, which takes half off the clustering's
    /// time at 1M rows and keeps 9,994 of 10,000 selected rows (docs/scale.md, "The Lloyd cap").
    /// </summary>
    public int? MaxIterations { get; init; }

    /// <summary>The Lloyd cap for a pool of <paramref name="n"/> rows in <paramref name="k"/> clusters: <see cref="MaxIterations"/>, or its regime's.</summary>
    public int IterationsFor(int n, int k) => MaxIterations
        ?? (Clustering.SampledKMeans.FitsOnSample(n, k, PointsPerCentroid) ? Clustering.SampledKMeans.FaissIterations : Clustering.KMeansOptions.ScikitLearnMaxIterations);

    /// <summary><c>threads</c>: k-means threads; the selection does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
