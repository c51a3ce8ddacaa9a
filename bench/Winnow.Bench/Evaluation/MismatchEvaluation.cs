using Winnow.Bench.Text;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Scoring.Statistical;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing mismatch-eval SEED FILE…</c>: which statistic the <c>mismatch</c> decision should use (issue 10). Two
/// pools: the demo's 2,000 templated rows with their 60 planted swapped answers (exact copies and empty answers
/// left out), and the given files with 200 seeded pairs of rows exchanging responses. On each, stat-IFD is fitted on
/// the pool as the filter does, and for stat-IFD (high = mismatch) and the instruction lift of
/// <see cref="InstructionLift"/> (low = mismatch) it prints the AUROC of swapped against untouched rows and, for a
/// few robust-z thresholds on the pool's own median and MAD, the share of swapped and of untouched rows flagged.
/// </summary>
public static class MismatchEvaluation
{
    private const int Swaps = 200;

    private static readonly double[] Thresholds = [1.0, 1.5, 2.0, 2.5, 3.0];

    [TimingCommand("mismatch-eval")]
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing mismatch-eval SEED FILE [FILE…]");
            return 2;
        }
        var seed = int.Parse(args[0]);
        var fitOnly = args.Contains("--fit-only");
        args = [.. args.Where(a => a != "--fit-only")];
        var (demo, manifest) = DemoDataset.Generate(2000, seed);
        var skip = manifest.ExactDuplicates.Select(d => d.Copy).Concat(manifest.EmptyAnswers).ToHashSet();
        var swappedDemo = manifest.MismatchedPairs.ToHashSet();
        var demoRows = demo.Select((row, i) => (row, i)).Where(p => !skip.Contains(p.i))
            .Select(p => (Sample: TestSample(p.i, p.row.Instruction, p.row.Input, p.row.Output), Swapped: swappedDemo.Contains(p.i))).ToList();
        Measure("demo (templated)", demoRows, fitOnly);

        var random = new Random(seed);
        var (rows, sources) = SelectionEvaluation.ReadWithSources(args[1..]);
        var swapped = Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).Take(2 * Swaps).ToArray();
        for (var i = 0; i < swapped.Length; i += 2)
        {
            var (a, b) = (rows[swapped[i]], rows[swapped[i + 1]]);
            rows[swapped[i]] = SelectionEvaluation.WithResponse(a, b.Response);
            rows[swapped[i + 1]] = SelectionEvaluation.WithResponse(b, a.Response);
        }
        var marked = swapped.ToHashSet();
        Measure($"{args.Length - 1} files", rows.Select((s, i) => (s, marked.Contains(i))).ToList(), fitOnly, sources);
        return 0;
    }

    private static void Measure(string label, List<(Sample Sample, bool Swapped)> pool, bool fitOnly, List<string>? sources = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var samples = pool.Select(p => p.Sample).ToList();
        Console.WriteLine($"{label}: {pool.Count:N0} rows, {pool.Count(p => p.Swapped)} swapped");
        if (!fitOnly)
            MeasureStatIfd(pool, samples);
        clock.Restart();
        var fit = new Winnow.Filters.ResponseFit(new Winnow.Filters.ResponseFit.Options());
        fit.Fit(() => samples, CancellationToken.None);
        var ranks = fit.Rank(samples, CancellationToken.None);
        Console.WriteLine($"  response fit: {clock.Elapsed.TotalSeconds:F1} s, {fit.AnchorCount} anchors");
        Report("fit rank (high)", ranks, pool, high: true);
        Console.WriteLine("  fit rank > c, flagged swapped / untouched: " + string.Join("; ", RankCuts.Select(c =>
            $"c={c}: {100.0 * pool.Where((p, i) => p.Swapped && ranks[i] > c).Count() / pool.Count(p => p.Swapped):F1} % / {100.0 * pool.Where((p, i) => !p.Swapped && ranks[i] > c).Count() / pool.Count(p => !p.Swapped):F2} %")));
        foreach (var source in sources?.Distinct() ?? [])
            Console.WriteLine($"    {source}: untouched flagged at c=0.5: {pool.Where((p, i) => !p.Swapped && sources![i] == source && ranks[i] > 0.5).Count()} of {pool.Where((p, i) => !p.Swapped && sources![i] == source).Count()}; swapped {pool.Where((p, i) => p.Swapped && sources![i] == source && ranks[i] > 0.5).Count()} of {pool.Where((p, i) => p.Swapped && sources![i] == source).Count()}");
        if (sources != null)
            foreach (var i in Enumerable.Range(0, pool.Count).Where(i => !pool[i].Swapped && sources[i] == "alpaca_cherry_5pct" && ranks[i] > 0.5).Take(6))
                Console.WriteLine($"      rank {ranks[i]:F2}: {Clip(pool[i].Sample.Prompt)} => {Clip(pool[i].Sample.Response)}");
    }

    private static void MeasureStatIfd(List<(Sample Sample, bool Swapped)> pool, List<Sample> samples)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scorer = StatIfdScorer.Create(Parameters.For<StatIfdScorer>());
        scorer.Fit(samples, CancellationToken.None);
        var ifd = samples.Chunk(1024).SelectMany(c => scorer.Score(c, CancellationToken.None)).Select(r => r.IsOk ? r.Values![2] : double.NaN).ToArray();
        var fitted = clock.Elapsed.TotalSeconds;
        var lift = InstructionLift.Fit(scorer, samples);
        var lifts = new double[samples.Count];
        Parallel.For(0, samples.Count, i => lifts[i] = lift.Of(samples[i]));
        Console.WriteLine($"  stat-IFD fit + score {fitted:F1} s, lift {clock.Elapsed.TotalSeconds - fitted:F1} s");
        Report("stat-IFD (high)", ifd, pool, high: true);
        Report("lift (low)", lifts, pool, high: false);
        Console.WriteLine("  lift ≤ c, flagged swapped / untouched: " + string.Join("; ", LiftCuts.Select(c =>
            $"c={c}: {100.0 * pool.Where((p, i) => p.Swapped && lifts[i] <= c).Count() / pool.Count(p => p.Swapped):F1} % / {100.0 * pool.Where((p, i) => !p.Swapped && lifts[i] <= c).Count() / pool.Count(p => !p.Swapped):F2} %")));
    }

    private static string Clip(string text) => (text.Length > 120 ? text[..120] + "…" : text).ReplaceLineEndings(" ");

    private static readonly double[] RankCuts = [0.3, 0.5, 0.7, 0.9];

    private static readonly double[] LiftCuts = [-0.5, -0.25, 0, 0.1, 0.25, 0.5];

    private static void Report(string name, double[] values, List<(Sample Sample, bool Swapped)> pool, bool high)
    {
        var defined = Enumerable.Range(0, values.Length).Where(i => double.IsFinite(values[i])).ToList();
        var signed = defined.Select(i => high ? values[i] : -values[i]).ToList();
        var auroc = Auroc.Compute(signed, defined.Select(i => pool[i].Swapped).ToList());
        var sorted = signed.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var spread = 1.4826 * signed.Select(v => Math.Abs(v - median)).Order().ElementAt(sorted.Length / 2);
        var line = string.Join("; ", Thresholds.Select(t =>
        {
            var flagged = defined.Where((i, k) => (signed[k] - median) / spread > t).ToList();
            var swappedShare = 100.0 * flagged.Count(i => pool[i].Swapped) / pool.Count(p => p.Swapped);
            var cleanShare = 100.0 * flagged.Count(i => !pool[i].Swapped) / pool.Count(p => !p.Swapped);
            return $"z>{t}: {swappedShare:F1} % / {cleanShare:F2} %";
        }));
        Console.WriteLine($"  {name,-16} AUROC {auroc:F3}; {values.Length - defined.Count} undefined; flagged swapped / untouched: {line}");
    }

    private static Sample TestSample(int index, string instruction, string input, string output)
    {
        var prompt = input.Length == 0 ? instruction : instruction + "\n\n" + input;
        return new Sample(index, [new Turn(Role.User, prompt), new Turn(Role.Assistant, output)], instruction, input, output);
    }
}
