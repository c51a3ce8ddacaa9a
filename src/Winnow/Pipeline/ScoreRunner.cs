using Winnow.Data;
using Winnow.Scoring;
using Winnow.Store;

namespace Winnow.Pipeline;

/// <summary>
/// Counts of one scorer run over one shard: rows of the shard seen, newly scored, reused from an earlier run, and
/// failed (rows whose stored result is an error, whether scored now or before, so a resumed run counts as an
/// uninterrupted one). <paramref name="Run"/> is the run's record as the score file holds it (a pool-fitted scorer's
/// settings include what its fit chose, also when the fit was skipped); <paramref name="FitSkipped"/> says that every
/// row was already scored by a run fitted on the same pool, so the scorer was not fitted again.
/// </summary>
public sealed record ScoreRunSummary(string Scorer, long Rows, long Scored, long Failed, long AlreadyDone, string ScorePath, RunRecord Run, bool FitSkipped = false)
{
    /// <summary>What the commands print after the reused rows' count when <see cref="FitSkipped"/>.</summary>
    public const string FitSkippedNote = " (its run was fitted on this pool: not fitted again)";
}

/// <summary>
/// Runs one scorer over the pool into a score file: fits pool-trained scorers on the whole pool (all shards, so
/// every shard scores with the same model), skips rows of other shards and rows already scored, scores the rest
/// in batches and appends each batch durably. Cancellation is honoured between batches, leaving a file that a
/// re-run completes.
/// <para>
/// Given the pool's fingerprint, a pool-fitted scorer's run records it (<see cref="RunRecord.FittedOn"/>), and the fit
/// is skipped when the file already holds every row of the shard under a run fitted on this same pool with the same
/// configured settings: the final <c>select</c> of a sharded run, or a re-run with another budget or selector, would
/// otherwise fit once more only to find nothing left to score.
/// </para>
/// </summary>
public static class ScoreRunner
{
    /// <summary>Scores the shard with one scorer, then writes the shard's completion marker.</summary>
    public static ScoreRunSummary Run(
        IScorer scorer,
        Func<IEnumerable<Sample>> pool,
        string scoreOutput,
        ShardSpec shard,
        int batchSize,
        IProgress<StageProgress>? progress,
        CancellationToken cancellationToken,
        string? poolFingerprint = null)
    {
        var summary = ScoreOnly(scorer, pool, scoreOutput, shard, batchSize, progress, cancellationToken, poolFingerprint);
        ShardFiles.WriteMarker(ShardFiles.MarkerPath(scoreOutput, shard), shard, summary.Rows, summary.Failed);
        return summary;
    }

    /// <summary>
    /// Scores the shard with one scorer and leaves the completion marker to the caller, which writes one marker
    /// after all of its scorers (<see cref="ShardFiles.WriteMarker"/>).
    /// </summary>
    public static ScoreRunSummary ScoreOnly(
        IScorer scorer,
        Func<IEnumerable<Sample>> pool,
        string scoreOutput,
        ShardSpec shard,
        int batchSize,
        IProgress<StageProgress>? progress,
        CancellationToken cancellationToken,
        string? poolFingerprint = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var path = ShardFiles.ScorePath(scoreOutput, shard);
        string? fittedOn = null;
        if (scorer is IPoolFittedScorer fitted)
        {
            if (poolFingerprint is not null && AlreadyScored(scorer, pool, path, shard, poolFingerprint, progress, cancellationToken) is { } reused)
                return reused;
            progress?.Report(new StageProgress($"fit {scorer.Name}", 0, null));
            fitted.Fit(progress is null ? pool() : new FitPassProgress(pool, scorer.Name, progress), cancellationToken);
            fittedOn = poolFingerprint;
        }
        using var writer = ScoreFileWriter.Open(path, RunRecord.For(scorer, fittedOn));
        long scored = 0, failed = 0, alreadyDone = 0, seen = 0;
        var batch = new List<Sample>(batchSize);
        var stage = $"score {scorer.Name}";
        progress?.Report(new StageProgress(stage, 0, null));
        // A batch is scored on the pool's threads while this one appends the batch before it (JSON lines and an
        // fsync, on one core) and reads the next: those no longer leave the cores idle. One batch is scored at a
        // time and batches are appended in order, so the file's bytes are as before.
        (List<Sample> Rows, Task<IReadOnlyList<ScoreResult>> Results)? scoring = null;
        void Record(List<Sample> rows, IReadOnlyList<ScoreResult> results)
        {
            writer.Append(rows, results);
            failed += results.Count(r => !r.IsOk);
            scored += rows.Count;
        }
        // Waits for the batch in flight, starts this one, then appends the one that finished.
        void Start(List<Sample> rows)
        {
            var previous = scoring;
            var previousResults = previous?.Results.GetAwaiter().GetResult();
            scoring = (rows, Task.Run(() => Score(scorer, rows, cancellationToken)));
            if (previous is { } finished)
                Record(finished.Rows, previousResults!);
        }
        try
        {
            foreach (var row in pool())
            {
                if (!shard.Owns(row.Index))
                    continue;
                seen++;
                if (writer.IsDone(row))
                {
                    alreadyDone++;
                    if (writer.IsFailed(row))
                        failed++;
                    continue;
                }
                batch.Add(row);
                if (batch.Count == batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Start(batch);
                    batch = new List<Sample>(batchSize);
                    // Rows in the file, not rows read: a run stopped now keeps exactly this many.
                    progress?.Report(new StageProgress(stage, alreadyDone + scored, null));
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.Count > 0)
                Start(batch);
            if (scoring is { } last)
            {
                Record(last.Rows, last.Results.GetAwaiter().GetResult());
                scoring = null;
            }
        }
        finally
        {
            // Leaving early (a bad row, cancellation, a failure): the batch in flight is let finish before the file
            // closes, and its results are dropped; a re-run scores those rows again.
            if (scoring is { } abandoned)
                ((IAsyncResult)abandoned.Results).AsyncWaitHandle.WaitOne();
        }
        progress?.Report(new StageProgress(stage, seen, seen));
        return new ScoreRunSummary(scorer.Name, seen, scored, failed, alreadyDone, path, writer.Run);
    }

    /// <summary>
    /// The summary of a pool-fitted scorer's run that needs no fit: the file's run fitted on this pool with these
    /// configured settings holds every row of the shard. Null, after at most one pass that stops at the first row
    /// missing, when it does not.
    /// </summary>
    private static ScoreRunSummary? AlreadyScored(IScorer scorer, Func<IEnumerable<Sample>> pool, string path, ShardSpec shard,
        string poolFingerprint, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        using var writer = ScoreFileWriter.OpenFittedRun(path, RunRecord.For(scorer), poolFingerprint);
        if (writer is null)
            return null;
        var stage = $"score {scorer.Name}: rows already scored by its run fitted on this pool";
        progress?.Report(new StageProgress(stage, 0, null));
        long seen = 0, failed = 0;
        foreach (var row in pool())
        {
            if (!shard.Owns(row.Index))
                continue;
            if (++seen % 4096 == 0)
                cancellationToken.ThrowIfCancellationRequested();
            if (!writer.IsDone(row))
                return null;
            if (writer.IsFailed(row))
                failed++;
        }
        progress?.Report(new StageProgress(stage, seen, seen));
        return new ScoreRunSummary(scorer.Name, seen, 0, failed, seen, path, writer.Run, FitSkipped: true);
    }

    /// <summary>
    /// The batch's results; a batch-level failure becomes a failure of each row, so no row is silently lost and the
    /// run can go on. An unreachable server is not the rows' fault: it stops the run unrecorded, and a re-run resumes
    /// the rows.
    /// </summary>
    private static IReadOnlyList<ScoreResult> Score(IScorer scorer, List<Sample> batch, CancellationToken cancellationToken)
    {
        try
        {
            return scorer.Score(batch, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not Backends.Http.ServerUnavailableException)
        {
            return batch.Select(_ => ScoreResult.Fail($"{e.GetType().Name}: {e.Message}")).ToArray();
        }
    }
}
