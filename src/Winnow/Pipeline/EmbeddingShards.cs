using System.Runtime.InteropServices;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Store;

namespace Winnow.Pipeline;

/// <summary>
/// Embeddings of a sharded run. Shard i of N embeds the usable rows whose source index is i modulo N into
/// <c>emb.shard-i-of-N.f16</c> (the <see cref="EmbeddingFile"/> layout), lists their source indices in
/// <c>emb.shard-i-of-N.rows</c> (int64, little-endian) and writes its <see cref="EmbeddingShardMarker"/> last. The
/// embedder is fitted on the whole usable pool in every shard (a pool statistic such as hashed-tfidf's IDF is then the
/// same table in each shard, with no extra pass or exchange), so a row's vector does not depend on the shard count.
/// <see cref="Merge"/> interleaves the shards by source index into <c>emb.f16</c>: the file an unsharded run writes.
/// </summary>
public static class EmbeddingShards
{
    public static string RowsPath(string path, ShardSpec shard) => Path.ChangeExtension(ShardFiles.ScorePath(path, shard), ".rows");

    /// <summary>The fingerprint of embeddings made by <paramref name="embedder"/> over the usable rows of <paramref name="scan"/>.</summary>
    public static EmbeddingShardMarker Fingerprint(IEmbedder embedder, PoolScan scan, ShardSpec shard, long rows) =>
        new(shard.ToString(), rows, scan.UsableIndices.Count, PoolFingerprint.Of(scan.UsableIds), embedder.Name, embedder.Dim,
            new SortedDictionary<string, string>(embedder.Settings.ToDictionary(), StringComparer.Ordinal), ToolInfo.Version);

    /// <summary>Fits <paramref name="embedder"/> on every usable row, then embeds the shard's rows into its file, index list and marker.</summary>
    public static long Write(IEmbedder embedder, Func<IEnumerable<Sample>> pool, PoolScan scan, ShardSpec shard, string path, int batchSize,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var marker = ShardFiles.MarkerPath(path, shard);
        File.Delete(marker);
        var stage = $"embed {embedder.Name} (shard {shard})";
        var owned = scan.UsableIndices.Where(shard.Owns).ToArray();
        progress?.Report(new StageProgress(stage, 0, owned.Length));
        embedder.Fit(pool(), cancellationToken);
        using (var matrix = EmbeddingMatrix.Create(ShardFiles.ScorePath(path, shard), owned.Length, embedder.Dim))
        {
            SelectPipeline.Fill(embedder, () => pool().Where(r => shard.Owns(r.Index)), matrix, owned.Length, batchSize, stage, progress, cancellationToken);
            matrix.Flush();
        }
        OutputFile.Write(RowsPath(path, shard), stream => stream.Write(MemoryMarshal.AsBytes(owned.AsSpan())));
        Fingerprint(embedder, scan, shard, owned.Length).Write(marker);
        return owned.Length;
    }

    /// <summary>
    /// Joins the N shards of <paramref name="path"/> into <paramref name="path"/> and its marker. Returns the shards that
    /// are missing or unfinished (no marker), writing nothing then; a shard made from another pool, embedder or version
    /// than shard 0, or whose files disagree with its marker, is an error naming it.
    /// </summary>
    public static IReadOnlyList<int> Merge(string path, int count)
    {
        var shards = Enumerable.Range(0, count).Select(i => new ShardSpec(i, count)).ToList();
        var markers = shards.Select(s => EmbeddingShardMarker.Read(ShardFiles.MarkerPath(path, s))).ToList();
        var missing = shards.Where((_, i) => markers[i] is null).Select(s => s.Index).ToList();
        if (missing.Count > 0)
            return missing;
        var first = markers[0]!;
        for (var i = 1; i < count; i++)
        {
            if (markers[i]!.Difference(first) is { } difference)
                throw new InvalidDataException($"{ShardFiles.MarkerPath(path, shards[i])}: shard {shards[i]} does not belong with shard {shards[0]}: {difference}; re-run it with the same command line and inputs");
        }
        var indices = shards.Select((s, i) => ReadIndices(path, s, markers[i]!)).ToList();
        var total = indices.Sum(x => (long)x.Length);
        if (total != first.PoolRows)
            throw new InvalidDataException($"{path}: the {count} shards hold {total:N0} rows, but the pool has {first.PoolRows:N0} usable rows; were they made with another shard count?");
        var matrices = shards.Select(s => EmbeddingFile.Map(ShardFiles.ScorePath(path, s))).ToList();
        var temp = path + ".merge-tmp";
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (matrices[i].Rows != indices[i].Length || matrices[i].Dim != first.Dim)
                    throw new InvalidDataException($"{ShardFiles.ScorePath(path, shards[i])}: holds {matrices[i].Rows:N0} × {matrices[i].Dim} values, but its marker and index list say {indices[i].Length:N0} × {first.Dim}; re-run shard {shards[i]}");
            }
            using (var merged = EmbeddingMatrix.Create(temp, first.PoolRows, first.Dim))
            {
                Interleave(path, indices, matrices, merged);
                merged.Flush();
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            foreach (var matrix in matrices)
                matrix.Dispose();
            File.Delete(temp);
        }
        (first with { Shard = ShardSpec.Whole.ToString(), Rows = total }).Write(ShardFiles.MarkerPath(path, ShardSpec.Whole));
        return [];
    }

    /// <summary>
    /// The merged embeddings at <paramref name="path"/>, checked against this run (same usable rows, same embedder and
    /// settings), copied to <paramref name="target"/> (the run's own embeddings file) and mapped from there.
    /// </summary>
    public static EmbeddingMatrix Reuse(string path, IEmbedder embedder, PoolScan scan, string target)
    {
        var markerPath = ShardFiles.MarkerPath(path, ShardSpec.Whole);
        var marker = EmbeddingShardMarker.Read(markerPath)
            ?? throw new ArgumentException($"--embeddings '{path}': no completion marker {Path.GetFileName(markerPath)} beside it; make the file with 'select --shard' on every shard, then 'winnow merge {path} --shards N'");
        if (marker.Shard != ShardSpec.Whole.ToString())
            throw new ArgumentException($"--embeddings '{path}': its marker says shard {marker.Shard}, not a merged file; run 'winnow merge' first");
        var mine = Fingerprint(embedder, scan, ShardSpec.Whole, scan.UsableIndices.Count);
        if (marker.Difference(mine) is { } difference)
            throw new ArgumentException($"--embeddings '{path}' was not made for this run: {difference}");
        var (rows, dim) = EmbeddingFile.Header(path);
        if (rows != mine.PoolRows || dim != mine.Dim)
            throw new InvalidDataException($"{path}: holds {rows:N0} × {dim} values, but its marker says {mine.PoolRows:N0} × {mine.Dim}; merge the shards again");
        File.Copy(path, target, overwrite: true);
        return EmbeddingFile.Map(target);
    }

    private static long[] ReadIndices(string path, ShardSpec shard, EmbeddingShardMarker marker)
    {
        var file = RowsPath(path, shard);
        if (!File.Exists(file))
            throw new InvalidDataException($"{file}: missing, though shard {shard} has a completion marker; re-run shard {shard}");
        var bytes = File.ReadAllBytes(file);
        if (bytes.Length != marker.Rows * sizeof(long))
            throw new InvalidDataException($"{file}: {bytes.Length} bytes, expected {marker.Rows:N0} row indices of 8 bytes; re-run shard {shard}");
        var indices = MemoryMarshal.Cast<byte, long>(bytes).ToArray();
        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] % shard.Count != shard.Index || (i > 0 && indices[i] <= indices[i - 1]))
                throw new InvalidDataException($"{file}: entry {i} (row {indices[i]}) is not an increasing row index of shard {shard}; re-run shard {shard}");
        }
        return indices;
    }

    /// <summary>Copies every shard's rows into <paramref name="merged"/> in ascending source index (the pool's usable order).</summary>
    private static void Interleave(string path, IReadOnlyList<long[]> indices, IReadOnlyList<EmbeddingMatrix> shards, EmbeddingMatrix merged)
    {
        var next = new int[shards.Count];
        for (var row = 0; row < merged.Rows; row++)
        {
            var best = -1;
            for (var s = 0; s < shards.Count; s++)
            {
                if (next[s] < indices[s].Length && (best < 0 || indices[s][next[s]] < indices[best][next[best]]))
                    best = s;
            }
            if (best < 0)
                throw new InvalidDataException($"{path}: the shards ran out of rows at row {row:N0} of {merged.Rows:N0}");
            shards[best].Row(next[best]).CopyTo(merged.Row(row));
            next[best]++;
        }
    }
}
