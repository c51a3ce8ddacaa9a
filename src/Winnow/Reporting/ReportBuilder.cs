using System.Diagnostics;
using System.Globalization;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Store;
using Winnow.Tokenizers;

namespace Winnow.Reporting;

/// <summary>
/// Turns the files of one or more finished selection runs over the same pool into a <see cref="ReportModel"/>. The
/// pool is read once from the input file (its path from the first run's run log, or given). Embeddings come from the
/// first run that kept them (<c>&lt;output&gt;.embeddings.f16</c>); a run without any is embedded here with the
/// model-free hashed TF-IDF embedder, because the map and the diversity figures need some geometry and re-running a
/// neural embedder would cost as much as scoring.
/// </summary>
public static class ReportBuilder
{
    /// <summary>
    /// k-means centroids are fitted on a seeded sample of at most this many rows, then every row is assigned: the
    /// partition the report's cluster figures use, a few seconds on any pool size (the sizes of the clusters, not their
    /// exact borders, are what a reader compares).
    /// </summary>
    public const int ClusterFitRows = 5000;

    public static ReportModel Build(IReadOnlyList<string> selections, string? input, DatasetReadOptions readOptions, int seed, CancellationToken cancellationToken)
    {
        if (selections.Count == 0)
            throw new ArgumentException("give at least one selection file written by winnow select");
        var timings = new List<(string, double, double)>();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        void Lap(string stage)
        {
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            timings.Add((stage, clock.Elapsed.TotalSeconds, (now - cpu).TotalSeconds));
            cpu = now;
            clock.Restart();
        }

        var runs = selections.Select(RunFiles.Load).ToList();
        var inputPath = input ?? runs.Select(r => r.Log?.InputPath).FirstOrDefault(p => p is not null)
            ?? throw new ArgumentException($"{runs[0].Selection} has no run log (.run.json) naming its input; pass --input with the pool file");
        if (!File.Exists(inputPath))
            throw new ArgumentException($"input file '{inputPath}' does not exist; pass --input with the pool the runs selected from");
        var rows = PoolReader.Read(inputPath, readOptions);
        var positionOf = new Dictionary<long, int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
            positionOf[rows[i].Index] = i;
        var methods = runs.Select(r => View(r, rows, positionOf, inputPath)).ToList();
        Lap("read pool and decisions");

        var (scores, errors) = LoadScores(runs, rows);
        Lap("read scores");

        var (embeddings, embeddedPositions, embeddingNote, poolGeometry) = Embeddings(runs, rows, positionOf, inputPath, readOptions, seed, cancellationToken);
        var labels = SelectionDiversity.Labels(embeddings, seed, ClusterFitRows) ?? new int[embeddings.Rows];
        var clusterOf = new int[rows.Count];
        Array.Fill(clusterOf, -1);
        for (var r = 0; r < embeddedPositions.Count; r++)
            clusterOf[embeddedPositions[r]] = labels[r];
        Lap("cluster");
        var embeddedRowOf = new Dictionary<int, int>(embeddedPositions.Count);
        for (var r = 0; r < embeddedPositions.Count; r++)
            embeddedRowOf[embeddedPositions[r]] = r;
        var selectionsEmbedded = methods.Select(m => (IReadOnlyList<int>)m.Selected.Select(p => embeddedRowOf.GetValueOrDefault(p.Position, -1)).Where(r => r >= 0).Order().ToArray()).ToList();
        var anySelected = selectionsEmbedded.SelectMany(s => s).ToHashSet();
        var map = ClusterMap.Build(embeddings, embeddedPositions, labels, anySelected, seed);
        Lap("2-D map");
        var diversity = DiversityComparison.Build(embeddings, labels, selectionsEmbedded, seed, poolGeometry, cancellationToken);
        Lap("diversity");

        var k = labels.Length == 0 ? 0 : labels.Max() + 1;
        var clusters = Enumerable.Range(0, k).Select(c => new ClusterRow(c, labels.Count(l => l == c), selectionsEmbedded.Select(s => s.Count(r => labels[r] == c)).ToList())).ToList();
        var scoreHistograms = scores.Select(kv => Histograms.Build(kv.Key, Explain(kv.Key, runs), "score", kv.Value,
            methods.Select(m => (IReadOnlyList<double>)m.Selected.Select(p => kv.Value[p.Position]).ToList()).ToList(), ScoreMarkers.For(kv.Key, methods, kv.Value))).ToList();
        var lengthHistograms = new[]
        {
            Length("Prompt length (words)", "Instruction plus input, in whitespace-separated words.", rows, methods, r => r.PromptWords),
            Length("Response length (words)", "The response, in whitespace-separated words.", rows, methods, r => r.ResponseWords),
        };
        var truncated = Truncation(runs, rows);
        var alarms = AlarmFinder.Find(new ReportModelParts(rows, methods, scores, errors, clusterOf, truncated));
        Lap("histograms and alarms");

        return new ReportModel
        {
            Title = methods.Count == 1 ? $"Winnow report: {methods[0].Name}" : $"Winnow report: {string.Join(" vs ", methods.Select(m => m.Name))}",
            InputPath = inputPath,
            Rows = rows,
            Methods = methods,
            Scores = scores,
            ScorerErrors = errors,
            ScoreHistograms = scoreHistograms,
            LengthHistograms = lengthHistograms,
            Alarms = alarms,
            EmbeddingNote = embeddingNote,
            Clusters = clusters,
            Map = map,
            MapPoolRows = embeddings.Rows,
            Diversity = diversity,
            RandomSeeds = DiversityComparison.RandomSeeds,
            Provenance = Provenance(runs),
            BuildTimings = timings,
        };
    }

    private static MethodView View(RunFiles run, IReadOnlyList<PoolRow> rows, Dictionary<long, int> positionOf, string inputPath)
    {
        var picks = new List<MethodView.Pick>();
        var setAside = new List<MethodView.SetAside>();
        foreach (var decision in run.Decisions)
        {
            var position = positionOf.GetValueOrDefault(decision.Index, -1);
            if (decision.Id is { } id && (position < 0 || rows[position].Id != id))
                throw new InvalidDataException($"{run.Selection}.decisions.jsonl: row {decision.Index} has id {id}, but {inputPath} has {(position < 0 ? "no readable row there" : rows[position].Id)}; the runs must come from this input, unchanged");
            if (decision.Selected)
                picks.Add(new MethodView.Pick(position, decision.Rank ?? picks.Count, decision.Reason));
            else
                setAside.Add(new MethodView.SetAside(position, decision.Index, decision.Status, decision.Reason));
        }
        return new MethodView(run.Name, run, picks.OrderBy(p => p.Rank).ToList(), setAside);
    }

    /// <summary>Every distinct score column over pool positions, and per scorer the rows it failed on.</summary>
    private static (IReadOnlyDictionary<string, double[]>, IReadOnlyDictionary<string, IReadOnlyList<int>>) LoadScores(IReadOnlyList<RunFiles> runs, IReadOnlyList<PoolRow> rows)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var positionOfId = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
            positionOfId[ids[i]] = i;
        var columns = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        var errors = new SortedDictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var path in runs.Select(r => r.ScoresPath).Where(File.Exists).Distinct())
        {
            var table = ScoreTable.Load([path], ids);
            var seen = new HashSet<double[]>(ReferenceEqualityComparer.Instance);
            // Short aliases (ifd.ifd for ifd:superfiltering.ifd) share the array: keep the full name only.
            foreach (var (name, values) in table.Columns.OrderBy(kv => kv.Key.Contains(':') ? 0 : 1).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (seen.Add(values))
                    columns.TryAdd(name, values);
            }
            foreach (var (id, error) in table.Errors)
            {
                var scorer = error[..Math.Max(0, error.IndexOf(':'))];
                if (!errors.TryGetValue(scorer, out var set))
                    errors[scorer] = set = [];
                set.Add(positionOfId[id]);
            }
        }
        return (columns, errors.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value.Order().ToList()));
    }

    /// <summary>The embeddings, the pool position of each of their rows, a note on their origin, and the pool geometry figures already measured on them (same seed) if any.</summary>
    private static (EmbeddingMatrix, IReadOnlyList<int>, string, IReadOnlyDictionary<string, double>?) Embeddings(IReadOnlyList<RunFiles> runs, IReadOnlyList<PoolRow> rows, Dictionary<long, int> positionOf, string inputPath, DatasetReadOptions readOptions, int seed, CancellationToken cancellationToken)
    {
        foreach (var run in runs)
        {
            if (run.ReadEmbeddings() is not { } matrix)
                continue;
            var usable = run.UsableIndices();
            if (usable.Count != matrix.Rows)
                throw new InvalidDataException($"{run.EmbeddingsPath}: {matrix.Rows} rows, but {run.Name} has {usable.Count} usable rows in its decisions file");
            var geometry = run.Report.Seed == seed ? run.Report.DiversityPool : null;
            return (matrix, usable.Select(i => positionOf[i]).ToList(), $"embeddings of {run.Name} ({run.Report.Embedder?.Name}, {matrix.Dim} dimensions, {matrix.Rows:N0} rows)", geometry);
        }
        var embedder = new HashedTfidfEmbedder(new HashedTfidfOptions());
        IEnumerable<Sample> Pool() => DatasetReader.Read(inputPath, readOptions with { RejectDuplicateIds = false }).Where(o => o.Sample is not null).Select(o => o.Sample!);
        var embedded = SelectPipeline.Embed(embedder, Pool, rows.Count, 256, null, cancellationToken);
        return (embedded, Enumerable.Range(0, rows.Count).ToList(), $"no run kept its embeddings, so the report embedded all {rows.Count:N0} readable rows with hashed-tfidf (model-free, {embedded.Dim} dimensions)", null);
    }

    private static HistogramData Length(string title, string explanation, IReadOnlyList<PoolRow> rows, IReadOnlyList<MethodView> methods, Func<PoolRow, int> length) =>
        Histograms.Build(title, explanation, "words", rows.Select(r => (double)length(r)).ToList(),
            methods.Select(m => (IReadOnlyList<double>)m.Selected.Select(p => (double)length(rows[p.Position])).ToList()).ToList(), []);

    private static string Explain(string column, IReadOnlyList<RunFiles> runs)
    {
        var scorer = column[..column.IndexOfAny([':', '.'])];
        var run = runs.SelectMany(r => r.ScoreRuns).FirstOrDefault(r => r.Scorer == scorer);
        return run is null ? $"Scores of {scorer}." : $"Scorer {run.Scorer}, variant {run.Variant}; see Provenance for every setting.";
    }

    /// <summary>For each scorer with a model folder and max_length: the rows whose prompt + response exceed it in tokens.</summary>
    private static IReadOnlyList<(string, IReadOnlyList<int>, int)> Truncation(IReadOnlyList<RunFiles> runs, IReadOnlyList<PoolRow> rows)
    {
        var found = new List<(string, IReadOnlyList<int>, int)>();
        foreach (var run in runs.SelectMany(r => r.ScoreRuns).DistinctBy(r => r.Key))
        {
            if (!run.Settings.TryGetValue("model", out var model) || !run.Settings.TryGetValue("max_length", out var max)
                || !int.TryParse(max, CultureInfo.InvariantCulture, out var maxLength) || !File.Exists(Path.Combine(model, "tokenizer.json")))
                continue;
            var tokenizer = Tokenizer.Load(model);
            var over = new List<int>();
            for (var i = 0; i < rows.Count; i++)
            {
                if (tokenizer.CountTokens(rows[i].Prompt + "\n" + rows[i].Response) > maxLength)
                    over.Add(i);
            }
            found.Add(($"{run.Scorer}:{run.Variant}", over, maxLength));
        }
        return found;
    }

    private static IReadOnlyList<ScoreProvenance> Provenance(IReadOnlyList<RunFiles> runs) =>
        runs.SelectMany(r => r.ScoreRuns.Select(s => (Run: s, By: r.Name)))
            .GroupBy(x => x.Run.Key)
            .Select(g => new ScoreProvenance(g.First().Run, g.Key, g.Select(x => x.By).Distinct().ToList()))
            .ToList();
}
