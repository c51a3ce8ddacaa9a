using System.Globalization;
using Winnow.Components;

namespace Winnow.Selection.Car;

/// <summary>
/// CaR — Clustering and Ranking (arXiv 2402.18191, METHODS §3.1), registry name <c>car</c>: cluster the pool's
/// embeddings (PCA to 95 % variance, k-means with k = ⌊√(n/2)⌋) and select the global top-n1 by a quality score plus
/// each cluster's best rows. Every row of the pool is clustered, including rows whose score is missing; those can
/// never be selected. See <see cref="CarPlan"/> for the order, reasons and budget rule.
/// </summary>
[Component("car", "CaR: PCA (95 % variance) + k-means (k = floor(sqrt(n/2))), global top n1 by score plus the best n2 of each cluster")]
[Param("column", ParamType.Column, "the quality score rows are ranked by", Default = "car.iqs.iqs")]
[Param("n1", ParamType.Int, "global top rows", DefaultDoc = "derived from the budget", Min = 0)]
[Param("n2", ParamType.Int, "best rows of each cluster", Default = "1", Min = 1)]
[Param("k", ParamType.Int, "clusters", DefaultDoc = "floor(sqrt(n/2))", Min = 1)]
[Param("variance", ParamType.Number, "share of variance PCA keeps", Default = "0.95", Min = 0, Max = 1, MinExclusive = true)]
[Param("pca", ParamType.Bool, "reduce with PCA before k-means", Default = "true")]
[Param("sample_per_centroid", ParamType.Int, "k-means is fitted on a seeded sample of at most this many rows per centroid (FAISS's rule); 0 fits the whole pool", Default = "256", Min = 0)]
[Param("max_iterations", ParamType.Int, "Lloyd iterations at most", DefaultDoc = "300 (scikit-learn's, stopped earlier by its convergence rule) when the pool is fitted whole; 25 (faiss's) when it is fitted on a sample", Min = 1)]
[Param("threads", ParamType.Int, "worker threads", DefaultDoc = "one per core", Min = 1)]
[Needs(Embeddings = true, ColumnParams = ["column"])]
public sealed class CarSelector : ISelector
{
    private static readonly string RegistryName = Declared.Name<CarSelector>();

    private readonly CarOptions _options;

    public CarSelector(CarOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Score);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.N2);
        if (options.N1 < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "car: n1 must be ≥ 0");
        if (options.K < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "car: k must be ≥ 1");
        if (!(options.VarianceToKeep > 0 && options.VarianceToKeep <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), "car: variance must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Threads);
        if (options.PointsPerCentroid < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "car: sample_per_centroid must be ≥ 0 (0 fits the whole pool)");
        if (options.MaxIterations is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "car: max_iterations must be ≥ 1");
        _options = options;
    }

    /// <summary>Registry factory from checked parameters (see <see cref="CarOptions"/>).</summary>
    public CarSelector(Parameters parameters)
        : this(new CarOptions
        {
            Score = parameters.GetString("column"),
            N1 = parameters.GetOptionalInt("n1"),
            N2 = parameters.GetInt("n2"),
            K = parameters.GetOptionalInt("k"),
            VarianceToKeep = parameters.GetDouble("variance"),
            UsePca = parameters.GetBool("pca"),
            PointsPerCentroid = parameters.GetInt("sample_per_centroid"),
            MaxIterations = parameters.GetOptionalInt("max_iterations"),
            Threads = parameters.GetOptionalInt("threads") ?? Environment.ProcessorCount,
        })
    {
    }

    public string Name => RegistryName;

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["column"] = _options.Score,
        ["n1"] = _options.N1?.ToString(CultureInfo.InvariantCulture) ?? "auto",
        ["n2"] = _options.N2.ToString(CultureInfo.InvariantCulture),
        ["k"] = _options.K?.ToString(CultureInfo.InvariantCulture) ?? "auto",
        ["variance"] = _options.VarianceToKeep.ToString("R", CultureInfo.InvariantCulture),
        ["pca"] = _options.UsePca ? "true" : "false",
        ["sample_per_centroid"] = _options.PointsPerCentroid.ToString(CultureInfo.InvariantCulture),
        ["max_iterations"] = _options.MaxIterations?.ToString(CultureInfo.InvariantCulture) ?? "auto",
    };

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var scores = context.Column(_options.Score);
        var embeddings = context.RequireEmbeddings(RegistryName);
        if (scores.Length != context.Count || embeddings.Rows != context.Count)
            throw new ArgumentException($"car: pool has {context.Count} rows but {scores.Length} scores and {embeddings.Rows} embeddings");
        if (context.Count == 0)
            return new SelectionResult([], []);
        var labels = CarClustering.Labels(embeddings, _options, context.Seed, context.Progress, cancellationToken);
        return CarPlan.Select(scores, labels, budget, _options.N1, _options.N2);
    }
}
