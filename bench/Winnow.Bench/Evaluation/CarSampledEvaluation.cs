using System.Diagnostics;
using Winnow.Data;
using Winnow.Bench.Pipeline;
using Winnow.Pipeline;
using Winnow.Selection;
using Winnow.Selection.Clustering;
using Winnow.Selection.Diversity;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing car-sampled ROWS BUDGET</c>: CaR on a generated pool (the <c>select-synthetic</c> rows, default
/// hashed-tfidf embeddings and default-quality score) with the clustering fitted the faiss way (256 sampled rows per
/// centroid, 25 Lloyd iterations, then every row assigned), on the same sample to convergence, and on the whole pool.
/// Prints each one's clustering time, each sampled selection's overlap with the full fit's, and the diversity of each against one independent partition of the pool (k-means with
/// k = ⌊√(n/2)⌋, seed 99, fitted on a 20,000-row sample and assigned to all rows, no PCA).
/// </summary>
public static class CarSampledEvaluation
{
    [TimingCommand("car-sampled")]
    public static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: timing car-sampled ROWS BUDGET");
            return 2;
        }
        var budget = int.Parse(args[1]);
        var pool = SyntheticPool.Rows(int.Parse(args[0])).ToList();
        var (embeddings, quality) = SelectionEvaluation.EmbedAndScore(pool);
        var context = new SelectionContext
        {
            Ids = pool.Select(r => r.Id).ToList(),
            Scores = new Dictionary<string, double[]> { ["q"] = quality },
            Embeddings = embeddings,
            Seed = 0,
        };
        var k = KMeans.DefaultK(pool.Count);
        var reference = SampledKMeans.Fit(embeddings, null, new KMeansOptions { K = k, Seed = 99 }, 20_000 / k + 1, null, "", CancellationToken.None).Labels;
        Console.WriteLine($"pool {pool.Count:N0} rows, budget {budget:N0}, CaR k = {k}; reference partition k = {k}");
        var selections = new List<HashSet<int>>();
        // The default (faiss's sample and its 25 Lloyd iterations), the same sample run to scikit-learn's convergence
        // rule, and the whole pool (scikit-learn's rule); the overlaps are each selection's with the full fit's.
        (string Name, Dictionary<string, string> Parameters)[] variants =
        [
            ("sampled, 25 iterations", new() { ["column"] = "q" }),
            ("sampled, to convergence", new() { ["column"] = "q", ["max_iterations"] = "300" }),
            ("full fit", new() { ["column"] = "q", ["sample_per_centroid"] = "0" }),
        ];
        foreach (var (name, parameters) in variants)
        {
            var car = Catalog.Selectors.Create("car", new Parameters(parameters, "car"));
            var clock = Stopwatch.StartNew();
            var rows = car.Select(context, budget, CancellationToken.None).Selected.Select(p => p.Row).ToArray();
            var seconds = clock.Elapsed.TotalSeconds;
            var report = DiversityReport.Compute(rows, embeddings, reference);
            Console.WriteLine($"  {name,-24} {seconds,7:F1} s  selected {rows.Length,6:N0}  Vendi {report.Vendi,7:F1}  clusters covered {report.ClustersCovered,5}  " +
                $"Shannon {report.Shannon:F3}  mean kNN cosine distance {report.MeanKnnDistance:F4}  mean quality {rows.Average(r => quality[r]):F3}");
            selections.Add([.. rows]);
        }
        for (var v = 0; v < variants.Length - 1; v++)
        {
            var common = selections[v].Intersect(selections[^1]).Count();
            Console.WriteLine($"overlap of '{variants[v].Name}' with the full fit: {common:N0} rows ({100.0 * common / Math.Max(1, selections[^1].Count):F1} %)");
        }
        return 0;
    }
}
