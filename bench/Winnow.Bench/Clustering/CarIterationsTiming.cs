using System.Diagnostics;
using System.Globalization;
using Winnow.Selection.Clustering;
using Winnow.Store;

namespace Winnow.Bench.Clustering;

/// <summary>
/// <c>timing car-iterations EMBEDDINGS.f16 CAP...</c>: CaR's clustering of a select run's embedding file (PCA to 95 %
/// variance, k = ⌊√(n/2)⌋, k-means++ and Lloyd on 256 sampled rows a centroid, every row assigned; seed 0) run to
/// convergence (scikit-learn's rule, at most 300 iterations, as CaR runs it) and then with each Lloyd cap given (faiss
/// stops at 25). For each: iterations, wall and CPU time of the whole clustering, the inertia and a digest of the labels (equal fits print equal digests), over all rows against
/// the converged fit's, and the share of rows whose label differs. The capped fits start from the same seeding and
/// sample, so a label names the same centroid's trajectory in both and the shares compare like for like.
/// </summary>
public static class CarIterationsTiming
{
    [TimingCommand("car-iterations")]
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: timing car-iterations EMBEDDINGS.f16 [CAP ...]");
            return 2;
        }
        using var embeddings = EmbeddingFile.Map(args[0]);
        var k = KMeans.DefaultK(embeddings.Rows);
        Console.WriteLine($"{embeddings.Rows:N0} × {embeddings.Dim} from {args[0]}, k = {k}");
        PoolClustering Fit(int cap) => SampledKMeans.Fit(embeddings, 0.95, new KMeansOptions { K = k, Seed = 0, MaxIterations = cap },
            SampledKMeans.FaissPointsPerCentroid, null, "", CancellationToken.None);
        var converged = Measure("to convergence (at most 300)", () => Fit(300), null);
        foreach (var cap in args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)))
            Measure($"at most {cap}", () => Fit(cap), converged);
        return 0;
    }

    private static PoolClustering Measure(string name, Func<PoolClustering> fit, PoolClustering? converged)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = fit();
        var seconds = (watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        var against = converged is null ? "" : FormattableString.Invariant(
            $"; inertia {result.Inertia / converged.Inertia - 1:+0.000%;-0.000%} against convergence, labels differing {result.Labels.Where((l, i) => l != converged.Labels[i]).Count() / (double)result.Labels.Length:P2}");
        Console.WriteLine(FormattableString.Invariant(
            $"  {name,-30} {result.Model.Iterations,4} iterations (converged {result.Model.Converged}), {seconds.Item1,7:F1} s wall {seconds.Item2,7:F1} s CPU, inertia {result.Inertia:R}, labels sha256 {LabelDigest(result.Labels)}{against}"));
        return result;
    }

    /// <summary>First 16 hex digits of SHA-256 over the labels as little-endian int32s: equal fits print equal digests.</summary>
    private static string LabelDigest(int[] labels) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels.AsSpan()))[..8]);
}
