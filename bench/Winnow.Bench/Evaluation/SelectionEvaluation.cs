using System.Diagnostics;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Selection;
using Winnow.Selection.Clustering;
using Winnow.Selection.Diversity;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing selection-eval SEED FILE…</c>: issue 3's measurements on real data, on the default (hashed TF-IDF)
/// embeddings and the default-quality score.
/// (b) 300 near-duplicates (light seeded edits of existing rows) are added to the pool; the Deita Repr Filter at
/// τ = 0.9 runs without a budget limit; a pair counts as removed when the filter does not keep both its rows.
/// (c) CaR, Deita, k-center and random each select 1,000 rows of the original pool; the Vendi score (cosine) and
/// the number of pool clusters covered (k-means, k = ⌊√(n/2)⌋, seed 0) are printed for each.
/// </summary>
public static partial class SelectionEvaluation
{
    private const int NearDuplicates = 300;
    private const int Budget = 1000;

    [TimingCommand("selection-eval")]
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing selection-eval SEED FILE [FILE…]");
            return 2;
        }
        var seed = int.Parse(args[0]);
        var pool = args[1..].SelectMany(f => DatasetReader.Read(f)).Select(o => o.Sample!).Select((s, i) => Reindex(s, i)).ToList();
        Console.WriteLine($"pool: {pool.Count:N0} rows from {args.Length - 1} files, seed {seed}");
        NearDuplicateRemoval(pool, seed);
        DiversityOfSelections(pool, seed);
        return 0;
    }

    private static void NearDuplicateRemoval(List<Sample> pool, int seed)
    {
        var random = new Random(seed);
        var originals = Enumerable.Range(0, pool.Count).OrderBy(_ => random.Next()).Take(NearDuplicates).ToArray();
        var augmented = new List<Sample>(pool);
        foreach (var original in originals)
            augmented.Add(Reindex(LightEdit(pool[original], random), augmented.Count));
        var (embeddings, quality) = EmbedAndScore(augmented);
        var deita = Catalog.Selectors.Create("deita", new Parameters(new Dictionary<string, string> { ["column"] = "q", ["threshold"] = "0.9" }, "deita"));
        var result = deita.Select(Context(augmented, embeddings, quality, seed), augmented.Count, CancellationToken.None);
        var kept = result.Selected.Select(p => p.Row).ToHashSet();
        var removed = originals.Select((original, i) => (original, copy: pool.Count + i)).Count(p => !(kept.Contains(p.original) && kept.Contains(p.copy)));
        var similarities = originals.Select((original, i) => Cosine(embeddings, original, pool.Count + i)).Order().ToArray();
        Console.WriteLine($"(b) Deita filter τ=0.9 on hashed-tfidf: {removed} of {NearDuplicates} injected near-duplicate pairs lose a row ({100.0 * removed / NearDuplicates:F1} %); " +
            $"pair cosine min {similarities[0]:F3}, median {similarities[similarities.Length / 2]:F3}; the filter kept {kept.Count:N0} of {augmented.Count:N0} rows overall");
    }

    private static void DiversityOfSelections(List<Sample> pool, int seed)
    {
        var (embeddings, quality) = EmbedAndScore(pool);
        var labels = KMeans.Fit(embeddings, new KMeansOptions { K = KMeans.DefaultK(pool.Count), Seed = 0 }).Labels;
        var context = Context(pool, embeddings, quality, seed);
        var selectors = new (string Name, Dictionary<string, string> Params)[]
        {
            ("car", new() { ["column"] = "q" }),
            ("deita", new() { ["column"] = "q", ["threshold"] = "0.9" }),
            ("k-center", new() { ["metric"] = "cosine" }),
            ("random", new()),
        };
        Console.WriteLine($"(c) selections of {Budget} rows; pool clusters k = {KMeans.DefaultK(pool.Count)}; pool Vendi on a 5,000-row sample {VendiScore.Compute(embeddings, Enumerable.Range(0, pool.Count).OrderBy(i => (i * 2654435761u) % 1000003).Take(5000).ToArray()):F1}");
        foreach (var (name, parameters) in selectors)
        {
            var clock = Stopwatch.StartNew();
            var result = Catalog.Selectors.Create(name, new Parameters(parameters, name)).Select(context, Budget, CancellationToken.None);
            var rows = result.Selected.Select(p => p.Row).ToArray();
            var report = DiversityReport.Compute(rows, embeddings, labels);
            Console.WriteLine($"  {name,-9} selected {rows.Length,5}  Vendi {report.Vendi,7:F1}  clusters covered {report.ClustersCovered,4}  Shannon(clusters) {report.Shannon:F3}  mean quality {rows.Average(r => quality[r]):F3}  ({clock.Elapsed.TotalSeconds:F1} s)");
        }
    }

    internal static (EmbeddingMatrix Embeddings, double[] Quality) EmbedAndScore(List<Sample> rows)
    {
        var embedder = Catalog.Embedders.Create("hashed-tfidf", Parameters.Empty("hashed-tfidf"));
        var embeddings = SelectPipeline.Embed(embedder, () => rows, rows.Count, 1024, null, CancellationToken.None);
        var scorer = (Winnow.Scoring.IPoolFittedScorer)Catalog.Scorers.Create("default-quality", Parameters.Empty("default-quality"));
        scorer.Fit(rows, CancellationToken.None);
        var quality = rows.Chunk(1024).SelectMany(c => scorer.Score(c, CancellationToken.None)).Select(r => r.Values![0]).ToArray();
        return (embeddings, quality);
    }

    private static SelectionContext Context(List<Sample> rows, EmbeddingMatrix embeddings, double[] quality, int seed) => new()
    {
        Ids = rows.Select(r => r.Id).ToList(),
        Scores = new Dictionary<string, double[]> { ["q"] = quality },
        Embeddings = embeddings,
        Seed = seed,
    };

    /// <summary>
    /// A light edit a near-duplicate scraper leaves behind: one word (a run of letters) dropped, doubled or re-cased in
    /// the response. Words are letter runs, not space-delimited chunks: a chunk such as "4*30=120.\nAnd" is several
    /// tokens across a line break, and dropping it removes a reasoning step, which is a different answer, not a light edit.
    /// </summary>
    internal static Sample LightEdit(Sample row, Random random)
    {
        var text = row.Response;
        var words = LetterRun().Matches(text);
        if (words.Count == 0)
            words = NonSpaceRun().Matches(text);
        if (words.Count == 0)
            return row; // an empty response has no word to edit: the copy is exact, and exact-dedup's to remove
        var word = words[random.Next(words.Count)];
        var (before, after) = (text[..word.Index], text[(word.Index + word.Length)..]);
        var response = random.Next(3) switch
        {
            // Dropping the word takes one space beside it with it, so no double space marks the edit.
            0 when words.Count > 3 => after.StartsWith(' ') ? before + after[1..] : before.EndsWith(' ') ? before[..^1] + after : before + after,
            1 => before + word.Value + " " + word.Value + after,
            _ => before + (char.IsLower(word.Value[0]) ? char.ToUpperInvariant(word.Value[0]) + word.Value[1..] : word.Value.ToLowerInvariant()) + after,
        };
        return new Sample(row.Index, [.. row.Turns.Take(row.Turns.Count - 1), new Turn(Role.Assistant, response)], row.Instruction, row.Input, response);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}+")]
    private static partial System.Text.RegularExpressions.Regex LetterRun();

    [System.Text.RegularExpressions.GeneratedRegex(@"\S+")]
    private static partial System.Text.RegularExpressions.Regex NonSpaceRun();

    private static double Cosine(EmbeddingMatrix embeddings, int a, int b)
    {
        var x = new float[embeddings.Dim];
        var y = new float[embeddings.Dim];
        embeddings.ReadRow(a, x);
        embeddings.ReadRow(b, y);
        return System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(x, y);
    }

    /// <summary>The rows of every file in order, numbered over all of them, and each row's source (its file name without extension).</summary>
    internal static (List<Sample> Rows, List<string> Source) ReadWithSources(string[] files)
    {
        var rows = new List<Sample>();
        var source = new List<string>();
        foreach (var file in files)
            foreach (var outcome in DatasetReader.Read(file))
            {
                rows.Add(Reindex(outcome.Sample!, rows.Count));
                source.Add(Path.GetFileNameWithoutExtension(file));
            }
        return (rows, source);
    }

    /// <summary>The row with its response replaced (the last turn too).</summary>
    internal static Sample WithResponse(Sample row, string response) =>
        new(row.Index, [.. row.Turns.Take(row.Turns.Count - 1), new Turn(Role.Assistant, response)], row.Instruction, row.Input, response);

    internal static Sample Reindex(Sample s, int index) => new(index, s.Turns, s.Instruction, s.Input, s.Response);
}
