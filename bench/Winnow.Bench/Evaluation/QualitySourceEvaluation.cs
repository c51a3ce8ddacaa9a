using System.Diagnostics;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Quality.Features;
using Winnow.Scoring;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing quality-sources SEED PER_SOURCE MODEL FILE…</c>: what a quality model carries to other sources, on a
/// seeded sample of PER_SOURCE rows of each file (the whole pool costs an encoder pass per row). MODEL is
/// <c>model-free</c> or <c>use-lite</c> (the built-in models) or a model folder. Of the sample, 20 rows get a looping
/// answer and 100 rows (50 pairs) exchange responses, as in <c>default-eval</c>. Printed: the score's quantiles per
/// source (untouched rows) and per planted defect, its Spearman correlation with the built-in model-free score and
/// with each model-free text feature (the ten largest in magnitude: what it rewards), and the CPU time of scoring.
/// </summary>
public static class QualitySourceEvaluation
{
    private const int Loops = 20, Swaps = 50;

    [TimingCommand("quality-sources")]
    public static int Run(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: timing quality-sources SEED PER_SOURCE MODEL FILE [FILE…]   (MODEL: model-free, use-lite or a folder)");
            return 2;
        }
        var (seed, perSource, model) = (int.Parse(args[0]), int.Parse(args[1]), args[2]);
        var random = new Random(seed);
        var (all, allSources) = SelectionEvaluation.ReadWithSources(args[3..]);
        var picked = Enumerable.Range(0, all.Count).GroupBy(i => allSources[i])
            .SelectMany(g => g.OrderBy(_ => random.Next()).Take(perSource).Order()).ToArray();
        var rows = picked.Select((i, k) => SelectionEvaluation.Reindex(all[i], k)).ToList();
        var source = picked.Select(i => allSources[i]).ToList();
        var order = Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).ToArray();
        var (swapped, looping) = DefaultRecipeEvaluation.PlantSwapsAndLoops(rows, order, Swaps, Loops, random);

        var parameters = model is "model-free" or "use-lite"
            ? new Dictionary<string, string> { ["built_in"] = model }
            : new Dictionary<string, string> { ["model"] = model };
        var scorer = Catalog.Scorers.Create("quality", parameters);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var scores = Score(scorer, rows);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var reference = Score(Catalog.Scorers.Create("quality", new Dictionary<string, string>()), rows);
        Console.WriteLine($"quality {model} ({scorer.Settings["model"]}; {scorer.Settings["model_choice"]}) on {rows.Count:N0} sampled rows ({perSource} per source, seed {seed}): scoring CPU {cpu.TotalSeconds:F1} s");

        var planted = looping.Concat(swapped).ToHashSet();
        Console.WriteLine("score quantiles (p10 / p50 / p90):");
        foreach (var group in Enumerable.Range(0, rows.Count).Where(i => !planted.Contains(i)).GroupBy(i => source[i]))
            Print(group.Key, group.Select(i => scores[i]));
        Print("planted looping", looping.Select(i => scores[i]));
        Print("planted swapped", swapped.Select(i => scores[i]));

        var untouched = Enumerable.Range(0, rows.Count).Where(i => !planted.Contains(i)).ToArray();
        Console.WriteLine($"Spearman with the built-in model-free score: {Spearman(untouched.Select(i => scores[i]).ToArray(), untouched.Select(i => reference[i]).ToArray()):F3}");
        var features = untouched.Select(i => TextFeatures.Names.Keys.SelectMany(g => TextFeatures.Compute(g, rows[i].Prompt, rows[i].Response)).ToArray()).ToArray();
        var names = TextFeatures.Names.Values.SelectMany(n => n).ToArray();
        var correlations = names.Select((name, j) => (name, rho: Spearman(untouched.Select(i => scores[i]).ToArray(), features.Select(f => f[j]).ToArray())))
            .Where(c => double.IsFinite(c.rho)).OrderByDescending(c => Math.Abs(c.rho)).Take(10);
        Console.WriteLine("Spearman with model-free text features (largest |ρ|): " + string.Join(", ", correlations.Select(c => $"{c.name} {c.rho:+0.00;-0.00}")));
        return 0;
    }

    private static double[] Score(IScorer scorer, List<Sample> rows) =>
        rows.Chunk(256).SelectMany(c => scorer.Score(c, CancellationToken.None)).Select(r => r.Values![0]).ToArray();

    private static void Print(string label, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double Q(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        Console.WriteLine($"  {label,-24} n={sorted.Length,6}  {Q(0.1),7:F2} / {Q(0.5),7:F2} / {Q(0.9),7:F2}");
    }

    /// <summary>Pearson correlation of average ranks (ties share their mean rank).</summary>
    private static double Spearman(double[] a, double[] b)
    {
        var (ra, rb) = (Ranks(a), Ranks(b));
        var (ma, mb) = (ra.Average(), rb.Average());
        double cov = 0, va = 0, vb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return cov / Math.Sqrt(va * vb);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                end++;
            for (var k = start; k <= end; k++)
                ranks[order[k]] = (start + end) / 2.0;
            start = end + 1;
        }
        return ranks;
    }
}
