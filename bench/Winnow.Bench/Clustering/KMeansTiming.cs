using System.Diagnostics;
using System.Globalization;
using Winnow.Selection.Clustering;
using Winnow.Tensors;

namespace Winnow.Bench.Clustering;

/// <summary>
/// End-to-end k-means on the shared CaR-sized input (52,002 × 256 float16, k = 161), the setting whose faiss and
/// scikit-learn figures are in ../shared/bench/README.md. Each run includes seeding and Lloyd to convergence;
/// the float16 → float32 widening is done once, outside the timed region (the peers also got float32). CPU time of
/// the process is printed beside wall time because the shared machines are oversubscribed: CPU seconds ÷ threads
/// approximates the wall time on an idle machine.
/// </summary>
public static class KMeansTiming
{
    /// <summary>args: [runs=5] [init=kmeans++|random] [threads=2] [seed=0] [maxIterations=300] [file]</summary>
    [TimingCommand("kmeans")]
    public static int Run(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var init = args.Length > 1 && args[1] == "random" ? KMeansInit.Random : KMeansInit.KMeansPlusPlus;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        var maxIterations = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 300;
        var path = args.Length > 5 ? args[5] : Path.Combine(SharedBench.Folder, "kmeans_52002x256.f16");
        const int d = 256;
        var data = SharedBench.ReadFloat16(path, d, out var n);
        var k = KMeans.DefaultK(n);
        Console.WriteLine($"k-means {n}×{d}, k={k}, init={init}, threads={threads}, seed={seed}, kernel={DotKernel.Best}");
        var options = new KMeansOptions { K = k, Seed = seed, Init = init, DegreeOfParallelism = threads, MaxIterations = maxIterations };
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var result = KMeans.Fit(data, n, d, options);
            watch.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(FormattableString.Invariant(
                $"run {r + 1}: {watch.Elapsed.TotalSeconds:F3} s wall, {cpu:F3} s CPU, inertia {result.Inertia:F1}, iterations {result.Iterations}, converged {result.Converged}"));
        }
        times.Sort();
        Console.WriteLine(FormattableString.Invariant($"median {times[times.Count / 2]:F3} s (min {times[0]:F3}, max {times[^1]:F3})"));
        return 0;
    }
}
