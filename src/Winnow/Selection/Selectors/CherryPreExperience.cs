using System.Globalization;
using Winnow.Selection.Clustering;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>cherry-pre-experience</c>: Cherry_LLM's "brief experience" sampler (<c>data_by_cluster.py</c>, §1.3 steps 6–8).
/// k-means (<c>clusters</c>, seeded) over the embeddings; for each cluster c with members I_c in dataset order: if
/// |I_c| &lt; <c>per_cluster</c> take all; otherwise keep members with P_low ≤ ppl ≤ P_high (numpy linear
/// percentiles of the cluster's perplexities, inclusive), then take all if fewer than <c>per_cluster</c> remain,
/// else every ⌊len/per_cluster⌋-th from the first, truncated to <c>per_cluster</c>. Output: cluster 0's picks, then
/// cluster 1's, …; the budget truncates that list. Rows with a NaN perplexity are rejected before clustering.
/// When the pool has fewer rows than <c>clusters</c>, each row becomes its own cluster (k = n).
/// Cluster numbering comes from our k-means, not scikit-learn's, so cluster order differs from the original.
/// </summary>
public sealed class CherryPreExperience(string column, int clusters, int perCluster, double low, double high, int? seed) : ISelector
{
    public string Name => "cherry-pre-experience";

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["column"] = column,
        ["clusters"] = clusters.ToString(CultureInfo.InvariantCulture),
        ["per_cluster"] = perCluster.ToString(CultureInfo.InvariantCulture),
        ["low"] = Outcome.Number(low),
        ["high"] = Outcome.Number(high),
        ["seed"] = seed?.ToString(CultureInfo.InvariantCulture) ?? "run seed",
        ["kmeans"] = "k-means++, n_init 1, tol 1e-4, max 300 iterations",
    };

    public static ISelector Create(Parameters p)
    {
        var clusters = p.GetInt("clusters", 100);
        var perCluster = p.GetInt("per_cluster", 10);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clusters, "clusters");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perCluster, "per_cluster");
        var low = p.GetDouble("low", 25);
        var high = p.GetDouble("high", 75);
        if (!(low >= 0 && low <= high && high <= 100))
            throw new ArgumentException($"{p.Owner}: percentiles low = {low}, high = {high} must satisfy 0 ≤ low ≤ high ≤ 100");
        var seedText = p.GetOptionalString("seed");
        return new CherryPreExperience(p.GetString("column", "perplexity.ppl"), clusters, perCluster, low, high, seedText is null ? null : p.GetInt("seed", 0));
    }

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var embeddings = context.RequireEmbeddings(Name);
        var ppl = context.Column(column);
        var outcome = new Outcome(context.Count, budget);
        var scored = new List<int>(context.Count);
        for (var row = 0; row < context.Count; row++)
        {
            if (double.IsNaN(ppl[row]))
                outcome.Reject(row, $"score missing: {column} is NaN");
            else
                scored.Add(row);
        }
        if (scored.Count == 0)
            return outcome.Finish(_ => "not sampled");
        var rows = DenseRows.From(embeddings, scored, normalize: false);
        var k = Math.Min(clusters, scored.Count);
        var fit = KMeans.Fit(rows.Data, rows.Count, rows.Dim, new KMeansOptions { K = k, Seed = seed ?? context.Seed }, cancellationToken);
        var members = new List<int>[k];
        for (var c = 0; c < k; c++)
            members[c] = [];
        for (var i = 0; i < scored.Count; i++)
            members[fit.Labels[i]].Add(scored[i]);
        for (var c = 0; c < k; c++)
            SampleCluster(c, members[c], ppl, outcome, budget);
        return outcome.Finish(_ => "not sampled");
    }

    private void SampleCluster(int cluster, List<int> members, double[] ppl, Outcome outcome, int budget)
    {
        List<int> kept;
        string why;
        if (members.Count < perCluster)
        {
            kept = members;
            why = $"cluster {cluster}: {members.Count} < {perCluster} members, all taken";
        }
        else
        {
            var values = members.Select(r => ppl[r]).ToArray();
            var lo = NumpyPercentile.Linear(values, low);
            var hi = NumpyPercentile.Linear(values, high);
            var band = $"[{Outcome.Number(lo)}, {Outcome.Number(hi)}] (percentiles {Outcome.Number(low)}–{Outcome.Number(high)})";
            var inBand = new List<int>();
            foreach (var row in members)
            {
                if (ppl[row] >= lo && ppl[row] <= hi)
                    inBand.Add(row);
                else
                    outcome.Reject(row, $"cluster {cluster}: {column} = {Outcome.Number(ppl[row])} outside {band}");
            }
            if (inBand.Count < perCluster)
            {
                kept = inBand;
                why = $"cluster {cluster}: {column} in {band}, fewer than {perCluster} such rows, all taken";
            }
            else
            {
                var step = inBand.Count / perCluster;
                kept = [];
                for (var i = 0; i < inBand.Count; i++)
                {
                    if (i % step == 0 && kept.Count < perCluster)
                        kept.Add(inBand[i]);
                    else
                        outcome.Reject(inBand[i], $"cluster {cluster}: {column} in {band} but not every {step}-th of {inBand.Count}");
                }
                why = $"cluster {cluster}: {column} in {band}, every {step}-th of {inBand.Count}";
            }
        }
        foreach (var row in kept)
        {
            if (outcome.Full)
                outcome.Reject(row, $"{why}; beyond budget {budget}");
            else
                outcome.Pick(row, why);
        }
    }
}
