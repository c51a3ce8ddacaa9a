using System.Diagnostics;
using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Scoring;
using Winnow.Scoring.Dsir;
using Winnow.Scoring.Lexical;
using Winnow.Scoring.Statistical;
using Winnow.Text;

namespace Winnow.Bench.Text;

/// <summary>
/// End-to-end timings and the mismatched-pair experiment for the model-free text scorers. Results are written to
/// bench/results/textmetrics.md by hand from this output.
/// </summary>
internal static class TextTimings
{
    private static readonly string[] ThroughputPool = ["alpaca_cherry_5pct.json", "gsm8k_train.json", "gpteacher_roleplay.json", "gpteacher_toolformer.json"];
    private static readonly string[] MismatchPool = ["alpaca_cherry_5pct.json", "gpteacher_roleplay.json", "gpteacher_toolformer.json"];

    /// <summary><c>timing text-throughput [repeats=3] [scorer-name-filter]</c>: fit and score time of each scorer over the ~21k-row pool.</summary>
    [TimingCommand("text-throughput")]
    public static int Throughput(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var filter = args.Length > 1 ? args[1] : "";
        var pool = AlpacaFiles.Read(ThroughputPool);
        Console.WriteLine($"pool: {pool.Count} rows ({string.Join(" + ", ThroughputPool)}), repeats {repeats}, {Environment.ProcessorCount} logical cores");
        // dsir's target is a file name under ../shared/data, read the way the other pools are.
        IScorer Create(string name, Dictionary<string, string> parameters) => name == Declared.Name<DsirScorer>()
            ? DsirScorer.Create(Parameters.For<DsirScorer>(parameters), _ => AlpacaFiles.Read("alpaca_cherry_5pct.json"))
            : Catalog.Scorers.Create(name, parameters);
        var specs = new List<(string Label, string Name, Dictionary<string, string> Params)>
        {
            ("lexical.length", "lexical.length", new()),
            ("lexical.ttr", "lexical.ttr", new()),
            ("lexical.mtld", "lexical.mtld", new()),
            ("lexical.hdd", "lexical.hdd", new()),
            ("lexical.vocd", "lexical.vocd", new()),
            ("lexical.simpson", "lexical.simpson", new()),
            ("ngram-lm word order 3 (LOO)", "ngram-lm", new()),
            ("ngram-lm word order 3 (no LOO)", "ngram-lm", new() { ["leave_one_out"] = "false" }),
            ("ngram-lm byte order 5 (LOO)", "ngram-lm", new() { ["unit"] = "byte", ["order"] = "5" }),
            ("stat-ifd (defaults)", "stat-ifd", new()),
            ("dsir (target alpaca_cherry_5pct)", "dsir", new() { ["target"] = "alpaca_cherry_5pct.json" }),
        };
        Console.WriteLine("| scorer | fit s (median) | score s (median) | rows/s scoring (median) | rows/s fit+score | failed rows | retained model MiB |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (label, name, parameters) in specs.Where(s => s.Label.Contains(filter, StringComparison.Ordinal)))
        {
            var fits = new List<double>();
            var scores = new List<double>();
            var failed = 0;
            double retainedMiB = 0;
            for (var r = 0; r < repeats; r++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetTotalMemory(true);
                var scorer = Create(name, parameters);
                var watch = Stopwatch.StartNew();
                if (scorer is IPoolFittedScorer fitted)
                    fitted.Fit(pool, default);
                fits.Add(watch.Elapsed.TotalSeconds);
                retainedMiB = (GC.GetTotalMemory(true) - before) / (1024.0 * 1024.0);
                watch.Restart();
                failed = 0;
                for (var start = 0; start < pool.Count; start += 1024)
                    failed += scorer.Score(pool.GetRange(start, Math.Min(1024, pool.Count - start)), default).Count(x => !x.IsOk);
                scores.Add(watch.Elapsed.TotalSeconds);
                GC.KeepAlive(scorer);
            }
            var fit = Median(fits);
            var score = Median(scores);
            Console.WriteLine($"| {label} | {fit:F2} | {score:F2} | {pool.Count / score:F0} | {pool.Count / (fit + score):F0} | {failed} | {(retainedMiB > 0.05 ? retainedMiB.ToString("F1", CultureInfo.InvariantCulture) : "-")} |");
        }
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB");
        return 0;
    }

    /// <summary>
    /// <c>timing text-ifd-auroc [seed=1] [fraction=0.05] [label-filter]</c>: a seeded fraction of pool rows get another selected
    /// row's response (cyclic shift, so none keeps its own); reports the AUROC of each score for flagging them.
    /// </summary>
    [TimingCommand("text-ifd-auroc")]
    public static int IfdAuroc(string[] args)
    {
        var seed = args.Length > 0 ? ulong.Parse(args[0], CultureInfo.InvariantCulture) : 1UL;
        var fraction = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.05;
        var filter = args.Length > 2 ? args[2] : "";
        var original = AlpacaFiles.Read(MismatchPool);
        var (pool, mismatched) = Mismatch(original, seed, fraction);
        Console.WriteLine($"pool: {pool.Count} rows ({string.Join(" + ", MismatchPool)}); mismatched: {mismatched.Count(m => m)} (seed {seed}, fraction {fraction})");
        var runs = new List<(string Label, string Name, Dictionary<string, string> Params, string[] Columns)>
        {
            ("stat-ifd (defaults: order 3, LOO, fitted lambdas)", "stat-ifd", new(), ["cond_ce", "direct_ce", "ifd"]),
            ("ngram-lm response perplexity (LOO)", "ngram-lm", new(), ["perplexity"]),
            ("stat-ifd (no leave-one-out)", "stat-ifd", new() { ["leave_one_out"] = "false" }, ["ifd"]),
            ("stat-ifd (fixed lambdas 0.8,0.1,0.1)", "stat-ifd", new() { ["lambdas"] = "0.8,0.1,0.1" }, ["ifd"]),
            ("ngram-lm response perplexity (no LOO)", "ngram-lm", new() { ["leave_one_out"] = "false" }, ["perplexity"]),
        };
        Console.WriteLine("| scorer | column | AUROC (higher ⇒ mismatched) | fit+score s |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (label, name, parameters, columns) in runs.Where(r => r.Label.Contains(filter, StringComparison.Ordinal)))
        {
            var watch = Stopwatch.StartNew();
            var scorer = Catalog.Scorers.Create(name, parameters);
            ((IPoolFittedScorer)scorer).Fit(pool, default);
            var results = scorer.Score(pool, default);
            var seconds = watch.Elapsed.TotalSeconds;
            if (scorer is StatIfdScorer ifd)
                Console.WriteLine($"  lambdas in use ({label}): {string.Join(", ", ifd.Lambdas!.Select(l => l.ToString("F4", CultureInfo.InvariantCulture)))}");
            foreach (var column in columns)
            {
                var index = scorer.Fields.ToList().IndexOf(column);
                var ok = Enumerable.Range(0, pool.Count).Where(i => results[i].IsOk).ToList();
                var auroc = Auroc.Compute(ok.Select(i => results[i].Values![index]).ToList(), ok.Select(i => mismatched[i]).ToList());
                Console.WriteLine($"| {label} | {column} | {auroc:F4} | {seconds:F1} |  (scored {ok.Count}/{pool.Count})");
            }
        }
        return 0;
    }

    /// <summary>Picks round(fraction·N) rows by a seeded shuffle and rotates their responses by one position among them.</summary>
    private static (List<Sample> Pool, bool[] Mismatched) Mismatch(List<Sample> rows, ulong seed, double fraction)
    {
        var order = new SeededRandom(unchecked((long)seed)).Permutation(rows.Count);
        var chosen = order.Take((int)Math.Round(fraction * rows.Count)).ToArray();
        var pool = rows.ToList();
        var mismatched = new bool[rows.Count];
        for (var k = 0; k < chosen.Length; k++)
        {
            var row = rows[chosen[k]];
            var donor = rows[chosen[(k + 1) % chosen.Length]];
            pool[chosen[k]] = AlpacaFiles.Make(row.Index, row.Instruction, row.Input, donor.Response);
            mismatched[chosen[k]] = true;
        }
        return (pool, mismatched);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
