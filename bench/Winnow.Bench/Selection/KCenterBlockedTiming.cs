using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Winnow.Bench.Clustering;
using Winnow.Selection;
using Winnow.Selection.Geometry;
using Winnow.Store;

namespace Winnow.Bench.Selection;

/// <summary>
/// <c>timing k-center-blocked ROWS BUDGET</c>: greedy k-center (L2, seeded random start) on a generated ROWS × 256
/// float16 pool, memory-mapped from a file as a select run has it: the selector as it is (blocks of the float16 rows
/// widened per sweep) against the former dense sweep over a float32 copy of the pool (same block-parallel loop),
/// printing wall, CPU, peak RSS of each and whether the picks agree.
/// </summary>
public static class KCenterBlockedTiming
{
    [TimingCommand("k-center-blocked")]
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing k-center-blocked ROWS BUDGET");
            return 2;
        }
        var n = int.Parse(args[0], CultureInfo.InvariantCulture);
        var budget = int.Parse(args[1], CultureInfo.InvariantCulture);
        var path = Path.Combine(Path.GetTempPath(), $"k-center-blocked-{Environment.ProcessId}.f16");
        EmbeddingFile.Write(path, SampledKMeansTiming.Generate(n, Math.Max(1, (int)Math.Sqrt(n / 2.0)), seed: 7));
        try
        {
            using var matrix = EmbeddingFile.Map(path);
            var context = new SelectionContext { Ids = Enumerable.Range(0, n).Select(i => $"r{i}").ToArray(), Embeddings = matrix, Seed = 0 };
            Console.WriteLine($"k-center on {n:N0} × {matrix.Dim} mapped float16, budget {budget:N0}, {Environment.ProcessorCount} threads");
            var blocked = Measure("blocked float16 sweeps", () => Winnow.Pipeline.Catalog.Selectors.Create("k-center", new Dictionary<string, string>())
                .Select(context, budget, CancellationToken.None).Selected.Select(p => p.Row).ToArray());
            var dense = Measure("dense float32 copy (before)", () => DenseKCenter(matrix, blocked[0], budget));
            Console.WriteLine($"same picks in the same order: {blocked.SequenceEqual(dense)}");
        }
        finally
        {
            File.Delete(path);
        }
        return 0;
    }

    private static int[] Measure(string name, Func<int[]> run)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var picks = run();
        process.Refresh();
        Console.WriteLine(FormattableString.Invariant($"{name}: {watch.Elapsed.TotalSeconds:F2} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU, peak RSS so far {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB"));
        return picks;
    }

    /// <summary>The former k-center: a float32 copy of the pool, then one block-parallel sweep per step.</summary>
    private static int[] DenseKCenter(Winnow.Embedding.EmbeddingMatrix matrix, int first, int budget)
    {
        var rows = DenseRows.From(matrix, normalize: false);
        var min = Enumerable.Repeat(float.PositiveInfinity, rows.Count).ToArray();
        var chosen = new bool[rows.Count];
        var picks = new List<int>();
        var next = first;
        while (true)
        {
            picks.Add(next);
            chosen[next] = true;
            var c = rows.Row(next).ToArray();
            var norm = rows.SquaredNorms[next];
            RowBlocks.ForEach(rows.Count, (_, from, to) =>
            {
                for (var i = from; i < to; i++)
                {
                    var d = DistanceMetrics.FromDot(DistanceMetric.L2, rows.Row(i), c, TensorPrimitives.Dot(rows.Row(i), c), rows.SquaredNorms[i], norm);
                    if (d < min[i])
                        min[i] = d;
                }
            }, CancellationToken.None);
            min[next] = 0f;
            if (picks.Count == budget)
                return [.. picks];
            next = -1;
            for (var i = 0; i < rows.Count; i++)
            {
                if (!chosen[i] && (next < 0 || min[i] > min[next]))
                    next = i;
            }
        }
    }
}
