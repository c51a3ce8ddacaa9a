using System.Diagnostics;
using Winnow.Models;
using Winnow.Tensors;

using static Winnow.Bench.Models.RandomGpt2Small;

namespace Winnow.Bench.Models;

/// <summary>
/// End-to-end causal-LM scoring throughput on GPT-2-small shapes (12 layers, 768 wide, 12 heads, vocab 50,257,
/// random weights built in memory): batch 8 × 256 tokens, log-probabilities of the actual next token at the last
/// 128 positions of each row (the IFD workload), as in ../shared/bench/README.md. Prints the median over timed batches
/// after warm-up, tokens/s, the ratio to the PyTorch 1.13 CPU peer (433 tokens/s), and FLOP rates: on the peer's
/// basis (≈248 MFLOP/token, full logits) and as actually executed (head only at scored positions), next to a
/// 2048³ SGEMM measured in the same run as the machine's GEMM ceiling.
/// Usage: timing gpt2-small [threads=2] [timed batches=5].
/// </summary>
public static class Gpt2SmallTiming
{
    private const int Rows = 8, Length = 256, Scored = 128;
    private const double PeerTokensPerSecond = 433;
    private const double PeerFlopsPerToken = 248e6;

    [TimingCommand("gpt2-small")]
    public static int Run(string[] args)
    {
        var threads = args.Length > 0 ? int.Parse(args[0]) : 2;
        var timed = args.Length > 1 ? int.Parse(args[1]) : 5;
        Gemm.MaxDegreeOfParallelism = threads;
        Console.WriteLine($"GEMM backend {Gemm.Backend}, {threads} threads, {Environment.ProcessorCount} logical CPUs");

        var build = Stopwatch.StartNew();
        var model = RandomGpt2Small.Build(new ModelOptions { Threads = threads });
        Console.WriteLine($"random weights built and loaded in {build.Elapsed.TotalSeconds:F1} s");

        var random = new Random(7);
        var batch = Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, Length).Select(_ => random.Next(Vocab)).ToArray()).ToArray();
        var scored = Enumerable.Repeat((Length - Scored, Length), Rows).ToArray();
        var checksum = model.TokenLogProbs(batch, scored).Sum(r => r.Sum()); // warm-up (JIT, buffers)
        var seconds = new List<double>();
        var cpuSeconds = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < timed; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            model.TokenLogProbs(batch, scored);
            seconds.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpuSeconds.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }
        var median = Median(seconds);
        var tokens = Rows * Length;
        var tokensPerSecond = tokens / median;
        var executed = ExecutedFlopsPerToken();
        var gemm = GemmCeiling();
        Console.WriteLine($"batch times (s): {string.Join(", ", seconds.Select(s => s.ToString("F3")))}; mean log-prob {checksum / (Rows * Scored):F3}");
        Console.WriteLine("| metric | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| median wall per batch ({Rows}×{Length}, {timed} batches after warm-up) | {median:F3} s (min {seconds.Min():F3}, max {seconds.Max():F3}) |");
        Console.WriteLine($"| tokens/s | {tokensPerSecond:F0} |");
        // On a shared machine wall time includes time other processes held our cores; CPU time per batch divided
        // by the thread count is what an uncontended run would take if the threads scaled perfectly.
        var cpuMedian = Median(cpuSeconds);
        Console.WriteLine($"| median CPU time per batch (all threads) | {cpuMedian:F3} s → {tokens / (cpuMedian / threads):F0} tokens/s if {threads} threads ran uncontended |");
        Console.WriteLine($"| ratio to PyTorch 1.13 CPU peer (433 tokens/s) | {tokensPerSecond / PeerTokensPerSecond:F2}× |");
        Console.WriteLine($"| GFLOP/s on the peer's basis (248 MFLOP/token) | {tokensPerSecond * PeerFlopsPerToken / 1e9:F1} |");
        Console.WriteLine($"| GFLOP/s executed ({executed / 1e6:F0} MFLOP/token: head only at scored positions) | {tokensPerSecond * executed / 1e9:F1} |");
        Console.WriteLine($"| SGEMM 2048³ same run, median of 3 (ceiling) | {gemm:F1} GFLOP/s |");
        Console.WriteLine($"| executed efficiency vs SGEMM ceiling | {tokensPerSecond * executed / 1e9 / gemm:P0} |");
        return 0;
    }

    /// <summary>
    /// Multiply-adds ×2 actually run per token: the block projections (9·d² per layer → 2·9·d²), attention QKᵀ and
    /// P·V over the keys each 64-query block sees, and the head at the scored half of the positions.
    /// </summary>
    private static double ExecutedFlopsPerToken()
    {
        double projections = 2.0 * Layers * (3 + 1 + 4 + 4) * Width * Width;
        double keysSeen = 0;
        for (var block = 0; block < Length; block += 64)
            keysSeen += Math.Min(64, Length - block) * (double)Math.Min(block + 64, Length);
        var attention = Layers * 2.0 * 2.0 * keysSeen * Width / Length;
        var head = 2.0 * Width * Vocab * Scored / Length;
        return projections + attention + head;
    }

    private static double GemmCeiling()
    {
        const int n = 2048;
        var a = new float[n * n];
        var b = new float[n * n];
        var c = new float[n * n];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (i % 7) * 0.1f;
            b[i] = (i % 5) * 0.1f;
        }
        Gemm.Multiply(a, b, c, n, n, n, bTransposed: false);
        var rates = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            Gemm.Multiply(a, b, c, n, n, n, bTransposed: false);
            rates.Add(2.0 * n * n * n / watch.Elapsed.TotalSeconds / 1e9);
        }
        return Median(rates);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
