using System.Diagnostics;
using Winnow.Tensors;
using Winnow.Tensors.Quantised;

namespace Winnow.Bench.Tensors;

/// <summary>
/// Quick SGEMM timing without BenchmarkDotNet's long runs:
/// <c>dotnet run -c Release --project bench/Winnow.Bench -- timing sgemm [--threads 1,2] [--reps 7] [--shapes MxNxK[t|p],...] [--kc N] [--nc N]</c>.
/// Prints the median and best GFLOP/s (2·m·n·k / time) of each shape after one warm-up call. Shape suffix
/// <c>t</c>: B stored [n×k] (transposed); <c>p</c>: B pre-packed with <see cref="Gemm.PackB"/> (packing not timed);
/// <c>q</c>: B quantised to Q8_0 and packed for <see cref="Q8Gemm"/> (not timed; quantising A per call is timed).
/// --kc/--nc override the cache blocking, for tuning sweeps.
/// <para>
/// The shared build machine is often oversubscribed, so next to wall-clock GFLOP/s it prints GFLOP per
/// CPU-second of this process (the rate the threads achieve while they actually hold a core) times the thread
/// count: an estimate of the uncontended rate. Quote wall figures from a quiet machine; the CPU-time figure
/// is for comparing variants while others build.
/// </para>
/// </summary>
public static class SgemmTiming
{
    private const string DefaultShapes = "2048x2048x2048,2048x768x768,2048x3072x768,2048x768x3072t,1024x50257x768t,1024x50257x768p";

    [TimingCommand("sgemm")]
    private static int Run(string[] args)
    {
        var threads = new[] { 2, 1 };
        var reps = 7;
        var shapes = DefaultShapes;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--threads": threads = args[i + 1].Split(',').Select(int.Parse).ToArray(); break;
                case "--reps": reps = int.Parse(args[i + 1]); break;
                case "--shapes": shapes = args[i + 1]; break;
                case "--kc": GemmTuning.Kc = int.Parse(args[i + 1]); break;
                case "--nc": GemmTuning.Nc = int.Parse(args[i + 1]); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }
        Console.WriteLine($"backend {Gemm.Backend}, {Q8Gemm.Backend}; kc {GemmTuning.Kc}, nc {GemmTuning.Nc}; {Environment.ProcessorCount} cores; {reps} reps");
        foreach (var shape in shapes.Split(','))
        {
            var mode = char.IsLetter(shape[^1]) ? shape[^1] : 'n';
            var dims = shape.TrimEnd('t', 'p', 'q').Split('x').Select(int.Parse).ToArray();
            int m = dims[0], n = dims[1], k = dims[2];
            var rng = new Random(1);
            var a = new float[m * k];
            var b = new float[n * k];
            var c = new float[m * n];
            for (var i = 0; i < a.Length; i++)
                a[i] = rng.NextSingle() - 0.5f;
            for (var i = 0; i < b.Length; i++)
                b[i] = rng.NextSingle() - 0.5f;
            var packed = mode == 'p' ? Gemm.PackB(b, n, k, bTransposed: true) : null;
            var quantised = mode == 'q' ? Q8Matrix.Pack(Q8Rows.Quantise(b, n, k)) : null;
            foreach (var t in threads)
            {
                Gemm.MaxDegreeOfParallelism = t;
                var gflops = new List<double>();
                var cpuNormalised = new List<double>();
                var process = Process.GetCurrentProcess();
                for (var r = 0; r <= reps; r++)
                {
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    if (quantised is not null)
                        Q8Gemm.Multiply(a, m, quantised, c, accumulate: false, t);
                    else if (packed is null)
                        Gemm.Multiply(a, b, c, m, n, k, bTransposed: mode == 't');
                    else
                        Gemm.Multiply(a, packed, c, m);
                    sw.Stop();
                    process.Refresh();
                    var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                    if (r == 0) // the first call JITs and grows the packing buffers
                        continue;
                    gflops.Add(2.0 * m * n * k / sw.Elapsed.TotalSeconds / 1e9);
                    cpuNormalised.Add(2.0 * m * n * k / cpu / 1e9 * Math.Min(t, Environment.ProcessorCount));
                }
                gflops.Sort();
                cpuNormalised.Sort();
                Console.WriteLine($"{shape,-18} threads {t}: wall median {gflops[gflops.Count / 2],6:F1} GFLOP/s (best {gflops[^1],6:F1}, worst {gflops[0],6:F1}); cpu-time estimate median {cpuNormalised[cpuNormalised.Count / 2],6:F1}");
            }
        }
        return 0;
    }
}
