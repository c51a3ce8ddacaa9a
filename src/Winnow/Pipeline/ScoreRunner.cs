using Winnow.Data;
using Winnow.Scoring;
using Winnow.Store;

namespace Winnow.Pipeline;

/// <summary>Counts of one scorer run over one shard.</summary>
public sealed record ScoreRunSummary(string Scorer, long Scored, long Failed, long AlreadyDone, string ScorePath, bool Completed);

/// <summary>
/// Runs one scorer over the pool into a score file: fits pool-trained scorers on the whole pool (all shards, so
/// every shard scores with the same model), skips rows of other shards and rows already scored, scores the rest
/// in batches, appends each batch durably, and writes the shard's completion marker at the end. Cancellation is
/// honoured between batches, leaving a file that a re-run completes.
/// </summary>
public static class ScoreRunner
{
    public static ScoreRunSummary Run(
        IScorer scorer,
        Func<IEnumerable<Sample>> pool,
        string scoreOutput,
        ShardSpec shard,
        int batchSize,
        IProgress<StageProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (scorer is IPoolFittedScorer fitted)
        {
            progress?.Report(new StageProgress($"fit {scorer.Name}", 0, null));
            fitted.Fit(progress is null ? pool() : new FitPassProgress(pool, scorer.Name, progress), cancellationToken);
        }
        var path = ShardFiles.ScorePath(scoreOutput, shard);
        using var writer = ScoreFileWriter.Open(path, RunRecord.For(scorer));
        long scored = 0, failed = 0, alreadyDone = 0, seen = 0;
        var batch = new List<Sample>(batchSize);
        var stage = $"score {scorer.Name}";
        progress?.Report(new StageProgress(stage, 0, null));
        foreach (var row in pool())
        {
            if (!shard.Owns(row.Index))
                continue;
            seen++;
            if (writer.IsDone(row.Id))
            {
                alreadyDone++;
                continue;
            }
            batch.Add(row);
            if (batch.Count == batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                failed += Flush(scorer, writer, batch, cancellationToken);
                scored += batchSize;
                batch.Clear();
                progress?.Report(new StageProgress(stage, seen, null));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count > 0)
        {
            failed += Flush(scorer, writer, batch, cancellationToken);
            scored += batch.Count;
        }
        progress?.Report(new StageProgress(stage, seen, seen));
        ShardFiles.WriteMarker(scoreOutput, shard, seen, failed);
        return new ScoreRunSummary(scorer.Name, scored, failed, alreadyDone, path, Completed: true);
    }

    private static long Flush(IScorer scorer, ScoreFileWriter writer, List<Sample> batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<ScoreResult> results;
        try
        {
            results = scorer.Score(batch, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A batch-level failure is recorded per row, so no row is silently lost and the run can go on.
            results = batch.Select(_ => ScoreResult.Fail($"{e.GetType().Name}: {e.Message}")).ToArray();
        }
        writer.Append(batch, results);
        return results.Count(r => !r.IsOk);
    }
}
