using Winnow.Filters;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Selection;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing near-dedup-eval SEED FILE…</c>: which near-duplicate step the default should use (issue 10). The files
/// are concatenated (each file is a source) and 200 near-duplicates are appended (the light edit of
/// <see cref="SelectionEvaluation.LightEdit"/>: one response word dropped, doubled or re-cased). Beside it, the demo's
/// 2,000 templated rows without their planted defects: every one is a distinct task (rows are made unique, and
/// differ in numbers, countries, words or sentences), so each row a step removes there is a false removal.
/// For MinHash-LSH (word bigrams of instruction + response as SCAR, and of instruction + input + response; SCAR's 128
/// permutations in 16 bands) at several Jaccard thresholds and for the Deita Repr Filter on the default embedding (hashed TF-IDF, whole row) at several cosine
/// thresholds, visiting rows in file order so the earliest copy is kept, it prints: injected pairs with both rows
/// kept (target 0 of 200), rows removed from each real source, and templated-but-distinct demo rows removed.
/// </summary>
public static class NearDedupEvaluation
{
    private const int NearDuplicates = 200;

    private static readonly double[] JaccardThresholds = [0.5, 0.7, 0.8, 0.9, 0.95];

    private static readonly double[] CosineThresholds = [0.8, 0.9, 0.95, 0.98];

    [TimingCommand("near-dedup-eval")]
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing near-dedup-eval SEED FILE [FILE…]");
            return 2;
        }
        var seed = int.Parse(args[0]);
        var random = new Random(seed);
        var (rows, source) = SelectionEvaluation.ReadWithSources(args[1..]);
        var original = rows.Count;
        var duplicated = Enumerable.Range(0, original).OrderBy(_ => random.Next()).Take(NearDuplicates).ToArray();
        foreach (var i in duplicated)
        {
            rows.Add(SelectionEvaluation.Reindex(SelectionEvaluation.LightEdit(rows[i], random), rows.Count));
            source.Add(source[i]);
        }
        var demo = DemoRows(seed);
        var sources = source.Take(original).Distinct().ToList();
        Console.WriteLine($"pool {original:N0} real rows + {NearDuplicates} near-duplicates; demo: {demo.Count:N0} templated distinct rows; seed {seed}");
        Console.WriteLine($"{"step",-26} {"pairs kept",10} {string.Join(" ", sources.Select(s => $"{Short(s),12}"))} {"demo removed",13} {"pool CPU s",10} {"pool wall s",11}");
        foreach (var threshold in JaccardThresholds)
        {
            var spec = NearDedup(threshold, includeInput: false);
            Print($"MinHash Jaccard ≥ {threshold}", Timed(() => MinHashRemoved(rows, spec)), MinHashRemoved(demo, spec), rows, source, sources, original, duplicated);
            var withInput = NearDedup(threshold, includeInput: true);
            Print($"  with input, ≥ {threshold}", Timed(() => MinHashRemoved(rows, withInput)), MinHashRemoved(demo, withInput), rows, source, sources, original, duplicated);
        }
        EmbeddingMatrix? poolEmbeddings = null;
        var embedding = Timed(() =>
        {
            poolEmbeddings = Embed(rows);
            return [];
        });
        Console.WriteLine($"hashed-tfidf embedding of the pool (the Deita filter's times below include it): {embedding.Cpu:F1} CPU s, {embedding.Wall:F1} s wall");
        var demoEmbeddings = Embed(demo);
        foreach (var threshold in CosineThresholds)
        {
            var deita = Timed(() => DeitaRemoved(rows, poolEmbeddings!, threshold));
            Print($"Deita cosine > {threshold}", deita with { Cpu = deita.Cpu + embedding.Cpu, Wall = deita.Wall + embedding.Wall }, DeitaRemoved(demo, demoEmbeddings, threshold), rows, source, sources, original, duplicated);
        }
        return 0;
    }

    /// <summary>The rows a step removes, with the process CPU seconds and wall seconds it took.</summary>
    private static (HashSet<long> Removed, double Cpu, double Wall) Timed(Func<HashSet<long>> step)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var removed = step();
        process.Refresh();
        return (removed, (process.TotalProcessorTime - cpu).TotalSeconds, clock.Elapsed.TotalSeconds);
    }

    private static void Print(string step, (HashSet<long> Removed, double Cpu, double Wall) pool, HashSet<long> demoRemoved, List<Sample> rows, List<string> source, List<string> sources, int original, int[] duplicated)
    {
        var removed = pool.Removed;
        var kept = duplicated.Select((i, k) => (i, copy: original + k)).Count(p => !removed.Contains(p.i) && !removed.Contains(p.copy));
        var perSource = sources.Select(s => Enumerable.Range(0, original).Count(i => source[i] == s && removed.Contains(i)));
        Console.WriteLine($"{step,-26} {kept,10} {string.Join(" ", perSource.Select(n => $"{n,12:N0}"))} {demoRemoved.Count,13:N0} {pool.Cpu,10:F1} {pool.Wall,11:F1}");
    }

    private static string Short(string source) => source.Length <= 12 ? source : source[..12];

    private static Func<NearDedupFilter> NearDedup(double threshold, bool includeInput) => () => NearDedupFilter.Create(Parameters.For<NearDedupFilter>(new Dictionary<string, string>
    {
        ["threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["include_input"] = includeInput ? "true" : "false",
    }));

    /// <summary>Rows a fresh near-dedup filter sets aside over <paramref name="rows"/> in order.</summary>
    private static HashSet<long> MinHashRemoved(List<Sample> rows, Func<NearDedupFilter> create)
    {
        var filter = create();
        return filter.Decide(() => rows, CancellationToken.None).Select(d => d.Index).ToHashSet();
    }

    private static EmbeddingMatrix Embed(List<Sample> rows) =>
        SelectPipeline.Embed(Catalog.Embedders.Create("hashed-tfidf", Parameters.Empty("hashed-tfidf")), () => rows, rows.Count, 1024, null, CancellationToken.None);

    /// <summary>The Deita filter without a budget, rows visited in file order (the earliest copy is kept).</summary>
    private static HashSet<long> DeitaRemoved(List<Sample> rows, EmbeddingMatrix embeddings, double threshold)
    {
        var filter = Catalog.Selectors.Create("deita", new Parameters(new Dictionary<string, string> { ["column"] = "order", ["threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "deita"));
        var context = new SelectionContext
        {
            Ids = rows.Select(r => r.Id).ToList(),
            Scores = new Dictionary<string, double[]> { ["order"] = rows.Select((_, i) => -(double)i).ToArray() },
            Embeddings = embeddings,
            Seed = 0,
        };
        var kept = filter.Select(context, rows.Count, CancellationToken.None).Selected.Select(p => p.Row).ToHashSet();
        return Enumerable.Range(0, rows.Count).Where(i => !kept.Contains(i)).Select(i => rows[i].Index).ToHashSet();
    }

    /// <summary>The demo dataset's rows without its planted defects (copies, empty answers, swapped answers).</summary>
    private static List<Sample> DemoRows(int seed)
    {
        var (data, manifest) = DemoDataset.Generate(2000, seed);
        var planted = manifest.ExactDuplicates.Select(d => d.Copy).Concat(manifest.EmptyAnswers).Concat(manifest.MismatchedPairs).ToHashSet();
        return data.Where((_, i) => !planted.Contains(i))
            .Select((row, i) =>
            {
                var prompt = row.Input.Length == 0 ? row.Instruction : row.Instruction + "\n\n" + row.Input;
                return new Sample(i, [new Turn(Role.User, prompt), new Turn(Role.Assistant, row.Output)], row.Instruction, row.Input, row.Output);
            })
            .ToList();
    }
}
