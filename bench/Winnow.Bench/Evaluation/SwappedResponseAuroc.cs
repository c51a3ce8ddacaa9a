using System.Diagnostics;
using Winnow.Bench.Text;
using Winnow.Data;
using Winnow.Scoring;
using Winnow.Scoring.Neural;
using Winnow.Scoring.Statistical;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing swap-auroc MODEL POOL ROWS MAX_LENGTH SEED…</c>: how well a causal LM's scores detect swapped responses.
/// The first ROWS rows of POOL; per seed 5 % of them (an even count) are paired at random and exchange responses.
/// Scored: Cherry's neural IFD (alpaca template, separate-prefix boundary, MAX_LENGTH, as recipes/cherry.yaml), the
/// response perplexity given the prompt under MODEL (IFD's conditioned pass: the perplexity scorer's span=response
/// value, taken from the same forward), and stat-IFD fitted on each seed's pool as the filter does; high = swapped for
/// all three. A row's neural scores depend on that row alone, so the untouched rows are scored once and each seed's
/// swapped variants once. Prints the AUROC of swapped against untouched rows per seed and their mean ± sd.
/// </summary>
public static class SwappedResponseAuroc
{
    [TimingCommand("swap-auroc")]
    public static int Run(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: timing swap-auroc MODEL POOL ROWS MAX_LENGTH SEED [SEED…]");
            return 2;
        }
        var (model, poolPath, count, maxLength) = (args[0], args[1], int.Parse(args[2]), args[3]);
        var seeds = args[4..].Select(int.Parse).ToArray();
        var rows = DatasetReader.Read(poolPath).Select(o => o.Sample!).Take(count).Select(SelectionEvaluation.Reindex).ToList();
        var swaps = rows.Count * 5 / 100 / 2 * 2;
        var variants = new List<Sample>();
        var bySeed = new List<Dictionary<int, int>>();
        foreach (var seed in seeds)
        {
            var random = new Random(seed);
            var chosen = Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).Take(swaps).ToArray();
            var map = new Dictionary<int, int>();
            for (var i = 0; i < chosen.Length; i += 2)
            {
                var (a, b) = (chosen[i], chosen[i + 1]);
                map[a] = rows.Count + variants.Count;
                variants.Add(SelectionEvaluation.Reindex(SelectionEvaluation.WithResponse(rows[a], rows[b].Response), rows.Count + variants.Count));
                map[b] = rows.Count + variants.Count;
                variants.Add(SelectionEvaluation.Reindex(SelectionEvaluation.WithResponse(rows[b], rows[a].Response), rows.Count + variants.Count));
            }
            bySeed.Add(map);
        }
        var all = rows.Concat(variants).ToList();
        Console.WriteLine($"{rows.Count} rows, {swaps} swapped per seed ({seeds.Length} seeds); {all.Count} distinct rows scored with {model}");
        var (ifd, ppl) = Neural(IfdScorer.Create(Parameters.For<IfdScorer>(new Dictionary<string, string>
        {
            ["model"] = model, ["variant"] = "cherry", ["template"] = "alpaca", ["max_length"] = maxLength, ["boundary"] = "separate-prefix",
        })), all, "ifd", "ppl_conditioned");
        var results = new Dictionary<string, List<double>> { ["neural IFD"] = [], ["perplexity"] = [], ["stat-ifd"] = [] };
        for (var s = 0; s < seeds.Length; s++)
        {
            var map = bySeed[s];
            var pool = rows.Select((r, i) => map.TryGetValue(i, out var v) ? all[v] : r).ToList();
            var swapped = pool.Select((_, i) => map.ContainsKey(i)).ToList();
            var stat = StatIfdScorer.Create(Parameters.For<StatIfdScorer>());
            stat.Fit(pool, CancellationToken.None);
            var statIfd = pool.Chunk(1024).SelectMany(c => stat.Score(c, CancellationToken.None)).Select(r => r.IsOk ? r.Values![2] : double.NaN).ToArray();
            double Of(double[] values, int i) => values[map.TryGetValue(i, out var v) ? v : i];
            var line = new List<string>();
            foreach (var (name, values) in new[] { ("neural IFD", pool.Select((_, i) => Of(ifd, i)).ToArray()), ("perplexity", pool.Select((_, i) => Of(ppl, i)).ToArray()), ("stat-ifd", statIfd) })
            {
                var defined = Enumerable.Range(0, values.Length).Where(i => double.IsFinite(values[i])).ToList();
                var auroc = Auroc.Compute(defined.Select(i => values[i]).ToList(), defined.Select(i => swapped[i]).ToList());
                results[name].Add(auroc);
                line.Add($"{name} {auroc:F3} ({values.Length - defined.Count} undefined)");
            }
            Console.WriteLine($"seed {seeds[s]}: " + string.Join("; ", line));
        }
        foreach (var (name, values) in results)
        {
            var mean = values.Average();
            var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
            Console.WriteLine($"{name,-11} AUROC mean {mean:F3} ± {sd:F3} over {values.Count} seeds");
        }
        return 0;
    }

    /// <summary>Two fields of a neural scorer over every row (NaN where the row fails), with its CPU time.</summary>
    private static (double[], double[]) Neural(IScorer scorer, List<Sample> rows, string first, string second)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var fields = scorer.Fields.ToList();
        var results = new List<ScoreResult>();
        foreach (var chunk in rows.Chunk(16))
        {
            results.AddRange(scorer.Score(chunk, CancellationToken.None));
            Console.Error.WriteLine($"  {results.Count}/{rows.Count} rows scored, {clock.Elapsed.TotalSeconds:F0} s");
        }
        process.Refresh();
        Console.WriteLine($"{scorer.Name}: {rows.Count} rows in {clock.Elapsed.TotalSeconds:F0} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F0} s CPU");
        double[] Field(string name) => results.Select(r => r.IsOk ? r.Values![fields.IndexOf(name)] : double.NaN).ToArray();
        return (Field(first), Field(second));
    }
}
