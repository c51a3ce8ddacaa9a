using System.Text.Json;

namespace Winnow.Pipeline;

/// <summary>
/// The completion marker of an embedding shard (<c>emb.shard-i-of-N.done</c>) or of their merge (<c>emb.done</c>),
/// written after the embeddings themselves: which shard, how many rows it holds, and the fingerprint of what made them
/// (the pool's usable rows, the embedder and every setting that changes a vector, the tool version). A merge joins only
/// shards whose fingerprints agree, and a select reuses a merged file only when the fingerprint is its own.
/// </summary>
public sealed record EmbeddingShardMarker(
    string Shard,
    long Rows,
    int PoolRows,
    string Pool,
    string Embedder,
    int Dim,
    SortedDictionary<string, string> Settings,
    string Tool)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Write(string path) =>
        OutputFile.Write(path, stream => stream.Write(JsonSerializer.SerializeToUtf8Bytes(this, Json)));

    /// <summary>The marker at <paramref name="path"/>, or null when there is none (the shard is missing or unfinished).</summary>
    public static EmbeddingShardMarker? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<EmbeddingShardMarker>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path}: empty completion marker");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable completion marker ({e.Message}); re-run that shard", e);
        }
    }

    /// <summary>
    /// What differs between this marker's fingerprint and <paramref name="other"/>'s, field by field, or null when they
    /// describe the same pool, embedder and tool (the shard and row counts are not part of the fingerprint).
    /// </summary>
    public string? Difference(EmbeddingShardMarker other)
    {
        if (Pool != other.Pool || PoolRows != other.PoolRows)
            return $"the pool differs ({PoolRows:N0} usable rows, fingerprint {Pool} vs {other.PoolRows:N0} rows, {other.Pool}): another input, an edited input, or other filter settings";
        if (Embedder != other.Embedder || Dim != other.Dim)
            return $"the embedder differs ({Embedder}, {Dim}-d vs {other.Embedder}, {other.Dim}-d)";
        var keys = Settings.Keys.Union(other.Settings.Keys).Where(k => Settings.GetValueOrDefault(k) != other.Settings.GetValueOrDefault(k)).ToList();
        if (keys.Count > 0)
            return "the embedder settings differ: " + string.Join(", ", keys.Select(k => $"{k}={Settings.GetValueOrDefault(k) ?? "(unset)"} vs {other.Settings.GetValueOrDefault(k) ?? "(unset)"}"));
        if (Tool != other.Tool)
            return $"the winnow version differs ({Tool} vs {other.Tool})";
        return null;
    }
}
