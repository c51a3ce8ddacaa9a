using System.Globalization;

namespace Winnow.Selection.Car;

/// <summary>
/// CaR — Clustering and Ranking (arXiv 2402.18191, METHODS §3.1), registry name <c>car</c>: cluster the pool's
/// embeddings (PCA to 95 % variance, k-means with k = ⌊√(n/2)⌋) and select the global top-n1 by a quality score plus
/// each cluster's best rows. Every row of the pool is clustered, including rows whose score is missing; those can
/// never be selected. See <see cref="CarPlan"/> for the order, reasons and budget rule.
/// </summary>
public sealed class CarSelector : ISelector
{
    public const string RegistryName = "car";

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
        _options = options;
    }

    /// <summary>Registry factory: parameters score, n1, n2, k, variance, pca, sample_per_centroid, threads (see <see cref="CarOptions"/>).</summary>
    public CarSelector(Parameters parameters)
        : this(new CarOptions
        {
            Score = parameters.GetString("column", "car.iqs.iqs"),
            N1 = parameters.GetOptionalString("n1") is null ? null : parameters.GetInt("n1", 0),
            N2 = parameters.GetInt("n2", 1),
            K = parameters.GetOptionalString("k") is null ? null : parameters.GetInt("k", 0),
            VarianceToKeep = parameters.GetDouble("variance", 0.95),
            UsePca = parameters.GetBool("pca", true),
            PointsPerCentroid = parameters.GetInt("sample_per_centroid", Clustering.SampledKMeans.FaissPointsPerCentroid),
            Threads = parameters.GetInt("threads", Environment.ProcessorCount),
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
