using Winnow.Data;
using Winnow.Embedding;
using Winnow.Filters;
using Winnow.Scoring;

namespace Winnow.Pipeline;

/// <summary>What one shard of a sharded selection prepared.</summary>
public sealed record ShardSummary(ShardSpec Shard, PoolScan Scan, IReadOnlyList<ScoreRunSummary> Scores, long EmbeddedRows, string? EmbeddingsPath);

/// <summary>
/// One task of a selection spread over a job array (<c>select … --shard i/N</c>): the same read, filters and pool fits
/// as the unsharded run, so every shard sees the same usable rows and fits the same models (scorers' pool fits, the
/// embedder's IDF), then this shard's rows only are scored into <c>scores.shard-i-of-N.jsonl</c> and embedded into
/// <c>emb.shard-i-of-N.f16</c>, each with a completion marker carrying the pool's fingerprint. <c>winnow merge</c>
/// joins the shards; the final <c>select</c> with the same arguments (plus <c>--embeddings</c>) then finds every row
/// scored and every vector made, and chooses exactly what the unsharded run chooses.
/// </summary>
public static class ShardedSelect
{
    public static ShardSummary Prepare(
        SelectOptions options,
        IReadOnlyList<IRowFilter> filters,
        IReadOnlyList<IScorer> scorers,
        IEmbedder? embedder,
        IProgress<StageProgress>? progress,
        CancellationToken cancellationToken)
    {
        var shard = options.Shard;
        if (shard.IsWhole)
            throw new ArgumentException("a shard run needs a shard i/N with N > 1");
        if (embedder is not null && options.Embeddings is null)
            throw new ArgumentException($"--shard {shard}: the recipe embeds ({embedder.Name}); pass --embeddings PATH so this shard writes its part beside PATH (and the final select reads the merged PATH)");
        var scorePath = ShardFiles.ScorePath(options.EffectiveScoresPath, shard);
        var embeddingPath = options.Embeddings is { } e ? ShardFiles.ScorePath(e, shard) : null;
        // Shards may share a folder and run at once: each locks only its own files.
        using var locks = RunLock.AcquireAll(embeddingPath is null ? [scorePath] : [scorePath, embeddingPath]);
        // The shard's files are about to change: markers from an earlier run must not vouch for them meanwhile.
        File.Delete(ShardFiles.MarkerPath(options.EffectiveScoresPath, shard));
        SelectPipeline.ShareDeflateSizes(filters, scorers);
        var (pool, scan, _) = SelectPipeline.ReadAndFilter(options, filters, progress, cancellationToken);
        IEnumerable<Sample> Pool() => scan.Rows(pool, options.Read);
        var owned = scan.UsableIndices.Count(shard.Owns);
        var withTotal = progress is null ? null : new KnownTotalProgress(progress, owned);
        var fingerprint = PoolFingerprint.Of(scan.UsableIds);
        var scores = scorers
            .Select(s => ScoreRunner.ScoreOnly(s, Pool, options.EffectiveScoresPath, shard, options.BatchSize, withTotal, cancellationToken, fingerprint))
            .ToList();
        // A recipe without scorers still leaves an (empty) finished score shard, so the same merge script serves every recipe.
        if (scorers.Count == 0)
            File.WriteAllBytes(scorePath, []);
        ShardFiles.WriteMarker(ShardFiles.MarkerPath(options.EffectiveScoresPath, shard), shard, owned, scores.Sum(s => s.Failed), fingerprint);
        var embedded = embedder is null || options.Embeddings is null
            ? 0
            : EmbeddingShards.Write(embedder, Pool, scan, shard, options.Embeddings, options.BatchSize, progress, cancellationToken);
        return new ShardSummary(shard, scan, scores, embedded, embeddingPath);
    }
}
