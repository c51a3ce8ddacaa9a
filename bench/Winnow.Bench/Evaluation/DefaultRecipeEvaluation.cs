using System.Diagnostics;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Filters;
using Winnow.Text;
using Winnow.Selection.Clustering;
using Winnow.Selection.Diversity;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing default-eval SEED BUDGET FILE…</c>: issue 10's measurements of the built-in default on real files.
/// The files are concatenated (each file is a source), then seeded defects are planted: 200 near-duplicates (a light
/// edit of a random row's response, appended), 20 looping answers (a sentence of the row's own response repeated to
/// 120–800 words, replacing it) and 200 swapped pairs (two random rows exchange responses). The default recipe
/// selects BUDGET rows; printed: per-source shares of pool and selection with the rows each named decision removed,
/// near-duplicate pairs surviving, looping answers selected, mismatch recall on swapped rows and its false-positive
/// rate on untouched rows, Vendi and clusters covered against a seeded random selection of the same size, the
/// quality score's quantiles per source and for each planted defect, and the wall time and peak memory.
/// Options before SEED: <c>--quality MODEL</c> runs the default with the quality model MODEL (the built-in
/// <c>model-free</c> or <c>use-lite</c>, or a model folder) in place of the recipe's; <c>--no-distributions</c> skips the quantiles
/// (a second scoring pass over the pool, costly with an encoder: <c>timing quality-sources</c> measures them on a sample).
/// </summary>
public static class DefaultRecipeEvaluation
{
    private const int NearDuplicates = 200, Loops = 20, Swaps = 200;

    [TimingCommand("default-eval")]
    public static int Run(string[] args)
    {
        string? qualityModel = null;
        var distributions = true;
        while (args.Length > 0 && args[0].StartsWith("--", StringComparison.Ordinal))
        {
            if (args[0] == "--quality" && args.Length > 1)
                (qualityModel, args) = (args[1], args[2..]);
            else if (args[0] == "--no-distributions")
                (distributions, args) = (false, args[1..]);
            else
                break;
        }
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: timing default-eval [--quality model-free|use-lite|FOLDER] [--no-distributions] SEED BUDGET FILE [FILE…]");
            return 2;
        }
        var (seed, budget) = (int.Parse(args[0]), int.Parse(args[1]));
        var random = new Random(seed);
        var (rows, source) = SelectionEvaluation.ReadWithSources(args[2..]);
        var original = rows.Count;
        var order = Enumerable.Range(0, original).OrderBy(_ => random.Next()).ToArray();
        var (swapped, looping) = PlantSwapsAndLoops(rows, order, Swaps, Loops, random);
        var duplicated = order.Skip(2 * Swaps + Loops).Take(NearDuplicates).ToArray();
        foreach (var i in duplicated)
        {
            rows.Add(SelectionEvaluation.Reindex(SelectionEvaluation.LightEdit(rows[i], random), rows.Count));
            source.Add(source[i]);
        }
        // One file per source, so the pool's sources (and the source floor) are the real files'; rows keep their
        // order within a source, and every planted index is mapped to its place in the pool.
        var sourceNames = source.Distinct().ToList();
        var poolOrder = Enumerable.Range(0, rows.Count).OrderBy(i => sourceNames.IndexOf(source[i])).ThenBy(i => i).ToArray();
        var at = new int[rows.Count];
        for (var k = 0; k < poolOrder.Length; k++)
            at[poolOrder[k]] = k;
        var copies = duplicated.Select((_, k) => at[original + k]).ToArray();
        duplicated = duplicated.Select(i => at[i]).ToArray();
        swapped = swapped.Select(i => at[i]).ToArray();
        looping = looping.Select(i => at[i]).ToArray();
        var real = Enumerable.Range(0, original).Select(i => at[i]).ToHashSet();
        rows = poolOrder.Select((i, k) => SelectionEvaluation.Reindex(rows[i], k)).ToList();
        source = poolOrder.Select(i => source[i]).ToList();
        var dir = Directory.CreateTempSubdirectory("winnow-default-eval-").FullName;
        var inputs = sourceNames.Select(name =>
        {
            var path = Path.Combine(dir, name + ".jsonl");
            SampleFileWriter.WriteAlpaca(path, rows.Where((_, i) => source[i] == name), DatasetLayout.JsonLines);
            return path;
        }).ToList();
        var input = inputs[0];

        var recipe = Catalog.DefaultRecipe();
        if (qualityModel is not null)
            recipe.Scorers.Single(s => s.Name == "quality").Params = new(StringComparer.Ordinal) { [qualityModel is "model-free" or "use-lite" ? "built_in" : "model"] = qualityModel };
        var options = new SelectOptions { Input = input, Inputs = inputs, Output = Path.Combine(dir, "subset.jsonl"), Budget = budget, OnError = OnErrorPolicy.Skip, Seed = seed };
        var plan = RunPlan.Compile(recipe, options);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var summary = plan.Run(null, CancellationToken.None);
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var scan = summary.Scan;
        var selected = summary.Selection.Selected.Select(p => scan.UsableIndices[p.Row]).ToHashSet();
        Console.WriteLine($"pool {rows.Count:N0} rows ({original:N0} real + {NearDuplicates} near-duplicates; {Loops} looping and {2 * Swaps} swapped rows planted), budget {budget}, seed {seed}");
        foreach (var scorer in summary.Report.Scorers.Where(s => s.Settings.ContainsKey("model_choice")))
            Console.WriteLine($"{scorer.Name} model: {scorer.Settings["model"]} — {scorer.Settings["model_choice"]}");
        Console.WriteLine($"default select: wall {clock.Elapsed.TotalSeconds:F1} s, CPU {cpu.TotalSeconds:F1} s, peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
        foreach (var share in summary.Report.Sources!)
            Console.WriteLine($"  {share.Source}: read {share.Read:N0} ({share.ReadShare:P1}), usable {share.Pool:N0} ({share.PoolShare:P1}), selected {share.Selected} ({share.SelectedShare:P1}); floor {share.Floor}, added by the floor {share.FloorAdded}, given up {share.FloorReplaced}");

        var codes = scan.Filtered.Values.Select(v => v.Status).Distinct().Order().ToList();
        Console.WriteLine($"{"source",-24} {"pool",7} {"pool %",7} {"selected",8} {"sel %",6}  removed by " + string.Join(", ", codes));
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => source[i]))
        {
            var poolShare = 100.0 * group.Count() / rows.Count;
            var chosen = group.Count(i => selected.Contains(i));
            var removed = codes.Select(c => group.Count(i => Code(scan, i) == c));
            Console.WriteLine($"{group.Key,-24} {group.Count(),7} {poolShare,6:F1}% {chosen,8} {100.0 * chosen / selected.Count,5:F1}%  {string.Join(", ", removed)}");
        }
        var usable = scan.UsableIndices.ToHashSet();
        var surviving = duplicated.Zip(copies).Count(p => usable.Contains(p.First) && usable.Contains(p.Second));
        var bothSelected = duplicated.Zip(copies).Count(p => selected.Contains(p.First) && selected.Contains(p.Second));
        Console.WriteLine($"near-duplicate pairs with both rows surviving the filters: {surviving} of {NearDuplicates}; both selected: {bothSelected}");
        // Why a pair survives: under the threshold (the edit changed more bigrams than it looks), or an LSH miss.
        foreach (var (first, second) in duplicated.Zip(copies).Where(p => usable.Contains(p.First) && usable.Contains(p.Second)))
        {
            var jaccard = MinHashLsh.Jaccard(MinHashLsh.Shingles(rows[first].Prompt + " " + rows[first].Response), MinHashLsh.Shingles(rows[second].Prompt + " " + rows[second].Response));
            Console.WriteLine($"  rows {first} and {second} ({source[first]}): word-bigram Jaccard of instruction, input and response {jaccard:F3}");
        }
        Console.WriteLine($"looping answers selected: {looping.Count(i => selected.Contains(i))} of {Loops}; set aside as degenerate: {looping.Count(i => Code(scan, i) == DegeneracyFilter.DecisionCode)}");
        var clean = real.Except(swapped).Except(looping).Where(i => Code(scan, i) != ExactDedupFilter.DecisionCode).ToList();
        var recall = swapped.Count(i => Code(scan, i) == MismatchFilter.DecisionCode);
        var falsePositives = clean.Count(i => Code(scan, i) == MismatchFilter.DecisionCode);
        Console.WriteLine($"mismatch: swapped rows flagged {recall} of {swapped.Length} (recall {100.0 * recall / swapped.Length:F1} %); untouched rows flagged {falsePositives} of {clean.Count} (false-positive rate {100.0 * falsePositives / clean.Count:F2} %); swapped rows selected {swapped.Count(i => selected.Contains(i))}");
        var gated = summary.Selection.Rejected.Where(r => r.Reason.StartsWith(SelectionGates.ReasonPrefix, StringComparison.Ordinal)).Select(r => scan.UsableIndices[r.Row]).ToHashSet();
        var swappedGated = swapped.Count(i => gated.Contains(i));
        Console.WriteLine($"selection gate: swapped rows kept out of the selection {swappedGated} of {swapped.Length} (set aside or gated: {100.0 * (recall + swappedGated) / swapped.Length:F1} %); untouched rows gated {clean.Count(i => gated.Contains(i))} of {clean.Count} ({100.0 * clean.Count(i => gated.Contains(i)) / clean.Count:F2} %)");
        foreach (var group in clean.GroupBy(i => source[i]).OrderBy(g => g.Key, StringComparer.Ordinal))
            Console.WriteLine($"  untouched {group.Key}: {group.Count():N0}; set aside as mismatch {group.Count(i => Code(scan, i) == MismatchFilter.DecisionCode)} ({100.0 * group.Count(i => Code(scan, i) == MismatchFilter.DecisionCode) / group.Count():F2} %), gated {group.Count(i => gated.Contains(i))} ({100.0 * group.Count(i => gated.Contains(i)) / group.Count():F2} %), selected {group.Count(i => selected.Contains(i))}");
        Diversity(scan, selected, options, seed);
        if (distributions)
            QualityDistributions(rows, source, real, looping, swapped, copies);
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static string? Code(PoolScan scan, int index) => scan.Filtered.TryGetValue(index, out var d) ? d.Status : null;

    private static void Diversity(PoolScan scan, HashSet<long> selected, SelectOptions options, int seed)
    {
        var usable = scan.Rows(DatasetPool.Resolve(options.Inputs!, null, options.Read), options.Read).ToList();
        var embeddings = SelectPipeline.Embed(Catalog.Embedders.Create("hashed-tfidf", Parameters.Empty("hashed-tfidf")), () => usable, usable.Count, 1024, null, CancellationToken.None);
        var labels = KMeans.Fit(embeddings, new KMeansOptions { K = KMeans.DefaultK(usable.Count), Seed = 0 }).Labels;
        var chosen = Enumerable.Range(0, usable.Count).Where(i => selected.Contains(usable[i].Index)).ToArray();
        var random = new Random(seed);
        var baseline = Enumerable.Range(0, usable.Count).OrderBy(_ => random.Next()).Take(chosen.Length).ToArray();
        var ours = DiversityReport.Compute(chosen, embeddings, labels);
        var theirs = DiversityReport.Compute(baseline, embeddings, labels);
        Console.WriteLine($"diversity (hashed-tfidf, pool clusters k = {KMeans.DefaultK(usable.Count)}): default Vendi {ours.Vendi:F1}, clusters covered {ours.ClustersCovered}; random of {chosen.Length}: Vendi {theirs.Vendi:F1}, clusters covered {theirs.ClustersCovered}");
    }

    private static void QualityDistributions(List<Sample> rows, List<string> source, HashSet<int> real, int[] looping, int[] swapped, int[] copies)
    {
        var scorer = Catalog.Scorers.Create("quality", Parameters.Empty("quality"));
        var scores = rows.Chunk(1024).SelectMany(c => scorer.Score(c, CancellationToken.None)).Select(r => r.Values![0]).ToArray();
        var planted = looping.Concat(swapped).ToHashSet();
        Console.WriteLine("quality score quantiles (p10 / p50 / p90):");
        foreach (var group in Enumerable.Range(0, rows.Count).Where(i => real.Contains(i) && !planted.Contains(i)).GroupBy(i => source[i]))
            Print(group.Key, group.Select(i => scores[i]));
        Print("planted looping", looping.Select(i => scores[i]));
        Print("planted swapped", swapped.Select(i => scores[i]));
        Print("near-duplicate copies", copies.Select(i => scores[i]));
    }

    private static void Print(string label, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double Q(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        Console.WriteLine($"  {label,-24} n={sorted.Length,6}  {Q(0.1),7:F2} / {Q(0.5),7:F2} / {Q(0.9),7:F2}");
    }

    /// <summary>A looping answer: the first sentence of the row's response repeated to a seeded length of 120–800 words.</summary>
    /// <summary>
    /// Plants the defects of the evaluations in <paramref name="rows"/>: the first 2·<paramref name="swaps"/> rows of
    /// <paramref name="order"/> exchange responses in pairs, the next <paramref name="loops"/> get a looping answer.
    /// </summary>
    internal static (int[] Swapped, int[] Looping) PlantSwapsAndLoops(List<Sample> rows, int[] order, int swaps, int loops, Random random)
    {
        var swapped = order.Take(2 * swaps).ToArray();
        for (var i = 0; i < swapped.Length; i += 2)
        {
            var (a, b) = (rows[swapped[i]], rows[swapped[i + 1]]);
            rows[swapped[i]] = SelectionEvaluation.WithResponse(a, b.Response);
            rows[swapped[i + 1]] = SelectionEvaluation.WithResponse(b, a.Response);
        }
        var looping = order.Skip(2 * swaps).Take(loops).ToArray();
        foreach (var i in looping)
            rows[i] = SelectionEvaluation.WithResponse(rows[i], Loop(rows[i].Response, random));
        return (swapped, looping);
    }

    internal static string Loop(string response, Random random)
    {
        var sentence = response.Split('.', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.Trim().Split(' ').Length >= 4)?.Trim() ?? "This is the answer to the question";
        var target = random.Next(120, 801);
        var words = sentence.Split(' ').Length;
        return string.Join(" ", Enumerable.Repeat(sentence + ".", Math.Max(2, target / words)));
    }
}
