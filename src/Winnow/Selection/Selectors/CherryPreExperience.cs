using System.Globalization;
using Winnow.Components;
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
[Component("cherry-pre-experience", "Cherry_LLM pre-experience: k-means clusters, perplexity 25th–75th percentile band, 10 evenly spaced rows per cluster")]
[Param("column", ParamType.Column, "the perplexity column", Default = "perplexity.ppl")]
[Param("clusters", ParamType.Int, "k of k-means", Default = "100", Min = 1)]
[Param("per_cluster", ParamType.Int, "rows taken from each cluster", Default = "10", Min = 1)]
[Param("low", ParamType.Number, "lower percentile of the cluster's perplexities kept", Default = "25", Min = 0, Max = 100)]
[Param("high", ParamType.Number, "upper percentile of the cluster's perplexities kept (at least low)", Default = "75", Min = 0, Max = 100)]
[Param("seed", ParamType.Int, "k-means seed", DefaultDoc = "the run seed", Min = int.MinValue, Max = int.MaxValue)]
[Needs(Embeddings = true, ColumnParams = ["column"])]
public sealed class CherryPreExperience(string column, int clusters, int perCluster, double low, double high, int? seed) : ISelector
{
    public string Name => Declared.Name<CherryPreExperience>();

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
        var low = p.GetDouble("low");
        var high = p.GetDouble("high");
        if (low > high)
            throw new ArgumentException($"{p.Owner}: percentiles low = {low}, high = {high} must satisfy 0 ≤ low ≤ high ≤ 100");
        return new CherryPreExperience(p.GetString("column"), p.GetInt("clusters"), p.GetInt("per_cluster"), low, high, p.GetOptionalInt("seed"));
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
