using System.Diagnostics;
using System.Globalization;
using Winnow.Embedding;
using Winnow.Selection;
using Winnow.Selection.Car;
using Winnow.Selection.Clustering;

namespace Winnow.Bench.Clustering;

/// <summary>
/// The CaR selector end to end on the 52,002 × 256 bench embeddings with seeded uniform scores: PCA to 95 %
/// variance, k-means with k = 161, top-n1 + cluster winners for the paper's ~2 % budget (1,013 rows). The PCA step
/// is also timed alone to show how the time splits.
/// </summary>
public static class CarTiming
{
    /// <summary>args: [runs=3] [budget=1013] [threads=2]</summary>
    [TimingCommand("car")]
    public static int Run(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var budget = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1013;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        const int d = 256;
        var data = SharedBench.ReadFloat16(Path.Combine(SharedBench.Folder, "kmeans_52002x256.f16"), d, out var n);
        var embeddings = new EmbeddingMatrix(n, d, Array.ConvertAll(data, v => (Half)v));
        var random = new Random(7);
        var context = new SelectionContext
        {
            Ids = Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Scores = new Dictionary<string, double[]> { ["car.iqs"] = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray() },
            Embeddings = embeddings,
            Seed = 42,
        };
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var pca = Pca.Fit(data, n, d);
            pca.Transform(data, n);
            var pcaSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var result = new CarSelector(new CarOptions { Threads = threads }).Select(context, budget, CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;
            times.Add(seconds);
            var clusters = result.Selected.Count(p => p.Reason.StartsWith("best of cluster", StringComparison.Ordinal));
            Console.WriteLine(FormattableString.Invariant(
                $"run {run + 1}: car {seconds:F2} s (PCA alone {pcaSeconds:F2} s, {pca.ComponentCount} components), selected {result.Selected.Count}, appended cluster winners {clusters}"));
        }
        times.Sort();
        Console.WriteLine(FormattableString.Invariant($"median car {times[times.Count / 2]:F2} s"));
        return 0;
    }
}
