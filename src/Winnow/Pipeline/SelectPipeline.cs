using Winnow.Data;
using Winnow.Embedding;
using Winnow.Filters;
using Winnow.Quality.Features;
using Winnow.Scoring;
using Winnow.Selection;
using Winnow.Store;

namespace Winnow.Pipeline;

/// <summary>What a selection run did, for the console summary and the report file.</summary>
public sealed record SelectSummary(PoolScan Scan, IReadOnlyList<ScoreRunSummary> Scores, SelectionResult Selection, SelectionReport Report)
{
    /// <summary>Each row filter's rows in, rows set aside and time, in recipe order.</summary>
    public IReadOnlyList<FilterStep> Filters { get; init; } = [];
}

/// <summary>
/// Filter → score → persist → select, end to end: one validating read (bad rows rejected or fatal) that also runs the
/// leading streaming filters, the other row filters (<see cref="FilterChain"/>), each scorer run into the resumable score file, embeddings for the selector, the selector on the score table,
/// then the chosen rows written in the input's own schema, plus a decisions file (every row with its reason) and
/// a report. Every step is deterministic given the inputs and the seed, and only the scoring step (the score file) and
/// the pool-calibrated filters (their checkpoints, <see cref="FilterCheckpoints"/>) hold state across runs, so an
/// interrupted run re-run with the same command resumes and ends with the same output files.
/// </summary>
public static class SelectPipeline
{
    public static SelectSummary Run(
        SelectOptions options,
        IReadOnlyList<IRowFilter> filters,
        IReadOnlyList<IScorer> scorers,
        IEmbedder? embedder,
        ISelector selector,
        SourceFloor? sourceFloor,
        IProgress<StageProgress>? progress,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? describedPlan = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var clock = new StageClock(progress);
        progress = clock;
        if (options.Budget.Rows is < 1)
            throw new ArgumentException($"--budget is {options.Budget}, expected at least 1");
        if (!options.Shard.IsWhole)
            throw new ArgumentException($"shard {options.Shard}: a shard run prepares scores and embeddings only; run it with ShardedSelect.Prepare");
        using var locks = RunLock.AcquireAll([options.Output, options.EffectiveScoresPath]);
        RunOutputs.Recover(options.Output);
        var outputs = new RunOutputs(options.Output);
        // The score file is about to change: a marker from an earlier run must not vouch for it meanwhile.
        File.Delete(ShardFiles.MarkerPath(options.EffectiveScoresPath, ShardSpec.Whole));
        ShareDeflateSizes(filters, scorers);
        var (pool, scan, filterSteps) = ReadAndFilter(options, filters, progress, cancellationToken);
        IEnumerable<Sample> Pool() => scan.Rows(pool, options.Read);
        var total = scan.UsableIndices.Count;
        var withTotal = progress is null ? null : new KnownTotalProgress(progress, total);

        // A pool-fitted scorer's run records the pool it was fitted on, so that a later run on the same pool can skip its fit.
        var fingerprint = scorers.Any(s => s is IPoolFittedScorer) ? PoolFingerprint.Of(scan.UsableIds) : null;
        var scoreSummaries = scorers
            .Select(s => ScoreRunner.ScoreOnly(s, Pool, options.EffectiveScoresPath, ShardSpec.Whole, options.BatchSize, withTotal, cancellationToken, fingerprint))
            .ToList();
        // A recipe without scorers (a random or embedding-only selection) has no score file unless one was given.
        var noScores = scorers.Count == 0 && options.ScoresPath is null && !File.Exists(options.EffectiveScoresPath);
        var table = ScoreTable.Load(noScores ? [] : [options.EffectiveScoresPath], scan.RowOf, total);
        // The embeddings go straight into the staged sidecar file, memory-mapped: they never sit on the heap.
        // Embeddings merged from shard runs replace the embedder when their fingerprint is this run's.
        using var embeddings = embedder is null ? null
            : options.Embeddings is { } made ? EmbeddingShards.Reuse(made, embedder, scan, outputs.Stage(options.EmbeddingsPath))
            : Embed(embedder, Pool, total, options.BatchSize, withTotal, cancellationToken, outputs.Stage(options.EmbeddingsPath));

        // The report's figures of the pool depend only on the embeddings and the seed: they are measured on a thread of
        // their own while the selector and the writing run, on the cores those leave idle (CaR's single-threaded steps,
        // the write). Leaving early waits for them before the embeddings they read are unmapped.
        using var poolFigures = embeddings is null ? null : new BackgroundWork<SelectionDiversity.PoolFigures>(() => SelectionDiversity.OfPool(embeddings, options.Seed));

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new StageProgress($"select {selector.Name}", 0, null));
        // Rows a filter kept in the pool but gated out of the selection: their scores are hidden from the selector and the floor.
        var gates = SelectionGates.Of(filters, scan);
        var visibleScores = gates.Hide(table.Columns);
        var context = new SelectionContext { Ids = scan.UsableIds, Scores = visibleScores, Embeddings = embeddings, Seed = options.Seed, Progress = progress };
        var budget = options.Budget.Resolve(total);
        var selection = selector.Select(context, budget, cancellationToken);
        CheckAccounting(selection, total, budget, selector.Name);
        IReadOnlyList<SourceFloorOutcome>? floor = null;
        if (sourceFloor is not null)
        {
            (selection, floor) = sourceFloor.Apply(selection, scan, visibleScores, selector);
            CheckAccounting(selection, total, budget, SourceFloor.Reason);
        }
        selection = gates.Explain(selection);
        progress?.Report(new StageProgress($"select {selector.Name}", total, total));

        // Every output is written under a staged name first and published together at the end (RunOutputs).
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new StageProgress("write", 0, selection.Selected.Count));
        if (scan.BadRows.Count > 0)
            RejectsFile.Write(outputs.Stage(options.EffectiveRejectsPath), scan.BadRows);
        // The selection, the decisions file and the report's n-gram figures each take one core for most of their
        // time (a pass over the pool's bytes, or one file written), and none needs another: the last two run on
        // threads of their own while the selection is written.
        // The n-gram figures parse only the selected rows again (a pass over the pool's bytes, not its JSON).
        using var ngrams = new BackgroundWork<SortedDictionary<string, double>>(() =>
            NgramDiversity.Measure(scan.Rows(pool, options.Read, selection.Selected.Select(p => p.Row).Order().ToArray()), cancellationToken));
        var decisionsPath = outputs.Stage(options.DecisionsPath);
        using (var decisions = new BackgroundWork<string>(() =>
               {
                   DecisionsFile.Write(decisionsPath, scan, selection, table);
                   return decisionsPath;
               }))
        {
            // Written by id, so a row edited in the input since it was scored is an error rather than a wrong row.
            var chosen = selection.Selected.Select(p => scan.UsableIds[p.Row]).ToList();
            DatasetWriter.WriteSelectedIds(pool.Paths, chosen, outputs.Stage(options.Output), options.Read, options.To);
            _ = decisions.Result;
        }
        progress?.Report(new StageProgress("write", selection.Selected.Count, selection.Selected.Count));
        progress?.Report(new StageProgress("report", 0, null));
        var report = SelectionReport.Build(options, scan, filterSteps, scoreSummaries, embedder, selector, selection, embeddings, floor, poolFigures?.Result) with { NgramDiversitySelected = ngrams.Result };
        report.Write(outputs.Stage(options.ReportPath));
        var marker = ShardFiles.MarkerPath(options.EffectiveScoresPath, ShardSpec.Whole);
        ShardFiles.WriteMarker(outputs.Stage(marker), ShardSpec.Whole, total, scoreSummaries.Sum(s => s.Failed));
        // The report's sidecars: the embeddings the selector saw (or none: an older run's must not stay beside this
        // selection) and the run log, timed up to here (the publish's renames are not in it).
        if (embeddings is not null)
            embeddings.Flush();
        else
            outputs.Remove(options.EmbeddingsPath);
        progress?.Report(new StageProgress("report", 1, 1));
        new RunLog(Path.GetFullPath(options.Input), Path.GetFullPath(options.EffectiveScoresPath), describedPlan ?? [], started.Elapsed.TotalSeconds, clock.Finish())
            {
                Filters = filterSteps.Select(f => new RunLog.FilterTime(f.Name, f.Seconds, f.FromCheckpoint ? true : null)).ToList(),
            }
            .Write(outputs.Stage(options.RunLogPath));
        cancellationToken.ThrowIfCancellationRequested();
        embeddings?.Dispose();
        outputs.Publish(progress);
        return new SelectSummary(scan, scoreSummaries, selection, report) { Filters = filterSteps };
    }

    /// <summary>Each response is compressed once per run: the degeneracy filter's Deflate sizes serve the quality score.</summary>
    internal static void ShareDeflateSizes(IReadOnlyList<IRowFilter> filters, IReadOnlyList<IScorer> scorers)
    {
        var sizes = new ResponseDeflateSizes();
        foreach (var user in filters.OfType<IUsesResponseDeflate>().Concat(scorers.OfType<IUsesResponseDeflate>()))
            user.ShareDeflateSizes(sizes);
    }

    /// <summary>
    /// The validating read with the leading streaming filters, then the other filters: the usable pool every step after
    /// reads (a shard run reads and filters the whole pool too, so every shard agrees on it). A pool-calibrated filter
    /// step saved by an earlier run of the same filters on the same rows is loaded from its checkpoint instead of run.
    /// </summary>
    internal static (DatasetPool Pool, PoolScan Scan, IReadOnlyList<FilterStep> Steps) ReadAndFilter(
        SelectOptions options, IReadOnlyList<IRowFilter> filters, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var pool = DatasetPool.Resolve(options.Inputs ?? [options.Input], options.Split, options.Read);
        // Every shard computes the same filter steps as the whole run, so all share its checkpoints (FilterCheckpoints).
        var chain = new FilterChain(filters, new FilterCheckpoints(options.FilterCheckpointsPath, options.Shard));
        var scan = PoolScan.Run(pool, options.Read, options.OnError, chain.CheckLeading, progress, cancellationToken);
        // The leading filters' tables (exact-dedup: a content hash per row read) are not needed past the read.
        chain.ForgetLeading();
        scan = chain.RunRest(scan, s => s.Rows(pool, options.Read), (s, positions) => s.Rows(pool, options.Read, positions), progress, cancellationToken);
        return (pool, scan, chain.Steps());
    }

    /// <summary>
    /// Fits the embedder on the pool, then embeds it batch by batch into a float16 matrix: in memory, or, when
    /// <paramref name="path"/> is given, into an embedding file there (<see cref="EmbeddingFile"/> layout), memory-mapped.
    /// </summary>
    public static EmbeddingMatrix Embed(IEmbedder embedder, Func<IEnumerable<Sample>> pool, int rows, int batchSize, IProgress<StageProgress>? progress, CancellationToken cancellationToken, string? path = null)
    {
        var stage = $"embed {embedder.Name}";
        progress?.Report(new StageProgress(stage, 0, rows));
        embedder.Fit(pool(), cancellationToken);
        var matrix = path is null ? new EmbeddingMatrix(rows, embedder.Dim) : EmbeddingMatrix.Create(path, rows, embedder.Dim);
        try
        {
            Fill(embedder, pool, matrix, rows, batchSize, stage, progress, cancellationToken);
        }
        catch
        {
            matrix.Dispose();
            throw;
        }
        return matrix;
    }

    /// <summary>Embeds the rows of <paramref name="pool"/> batch by batch into rows 0… of <paramref name="matrix"/>, reporting progress against <paramref name="rows"/>.</summary>
    internal static void Fill(IEmbedder embedder, Func<IEnumerable<Sample>> pool, EmbeddingMatrix matrix, int rows, int batchSize, string stage, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var batch = new List<Sample>(batchSize);
        var next = 0;
        foreach (var row in pool())
        {
            batch.Add(row);
            if (batch.Count < batchSize)
                continue;
            cancellationToken.ThrowIfCancellationRequested();
            embedder.Embed(batch, matrix, next, cancellationToken);
            next += batch.Count;
            batch.Clear();
            progress?.Report(new StageProgress(stage, next, rows));
        }
        if (batch.Count > 0)
            embedder.Embed(batch, matrix, next, cancellationToken);
        progress?.Report(new StageProgress(stage, rows, rows));
    }

    /// <summary>Guards the selector contract: within budget, no row twice, every row either chosen or rejected.</summary>
    private static void CheckAccounting(SelectionResult selection, int rows, int budget, string selector)
    {
        if (selection.Selected.Count > budget)
            throw new InvalidOperationException($"selector '{selector}' chose {selection.Selected.Count} rows for a budget of {budget}");
        var seen = new bool[rows];
        foreach (var row in selection.Selected.Select(p => p.Row).Concat(selection.Rejected.Select(r => r.Row)))
        {
            if (row < 0 || row >= rows || seen[row])
                throw new InvalidOperationException($"selector '{selector}' reported row {row} twice or out of range");
            seen[row] = true;
        }
        if (seen.Contains(false))
            throw new InvalidOperationException($"selector '{selector}' left {seen.Count(s => !s)} rows without a decision");
    }
}
