using System.Text.Json;

namespace Winnow.Pipeline;

/// <summary>
/// Names and completion markers of a sharded score run. Shard i of N writes <c>scores.shard-i-of-N.jsonl</c>
/// and, only once every one of its rows is scored, <c>scores.shard-i-of-N.done</c>, so a merge can tell a
/// finished shard from one that died half way.
/// </summary>
public static class ShardFiles
{
    public static string ScorePath(string output, ShardSpec shard)
    {
        if (shard.IsWhole)
            return output;
        var extension = Path.GetExtension(output);
        return output[..^extension.Length] + shard.FileSuffix + extension;
    }

    public static string MarkerPath(string output, ShardSpec shard) => Path.ChangeExtension(ScorePath(output, shard), ".done");

    /// <summary>
    /// Writes the completion marker of a finished shard to <paramref name="markerPath"/> (normally
    /// <see cref="MarkerPath"/>; a staged name when it is published with a run's other outputs): the shard's rows and
    /// how many stored results are errors, summed over every scorer run in the file, and, for a shard of a sharded
    /// run, the <see cref="PoolFingerprint"/> of the pool it read, which <see cref="Merge"/> requires to agree.
    /// </summary>
    public static void WriteMarker(string markerPath, ShardSpec shard, long rows, long errors, string? pool = null) =>
        OutputFile.Write(markerPath, stream =>
            stream.Write(System.Text.Encoding.UTF8.GetBytes((pool is null
                ? JsonSerializer.Serialize(new { shard = shard.ToString(), rows, errors, tool = ToolInfo.Version })
                : JsonSerializer.Serialize(new { shard = shard.ToString(), rows, errors, tool = ToolInfo.Version, pool })) + "\n")));

    /// <summary>The pool fingerprint a shard's marker records, or null for a marker without one.</summary>
    private static string? MarkerPool(string markerPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(markerPath));
            return document.RootElement.TryGetProperty("pool", out var pool) ? pool.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{markerPath}: unreadable completion marker ({e.Message}); re-run that shard", e);
        }
    }

    /// <summary>
    /// Joins the shard score files of an N-way run into <paramref name="output"/> (temp file + rename). Every shard
    /// ran the same scorers in the same order, so each file is a sequence of runs (a run record, then score lines in
    /// row order); the merge interleaves the shards' lines by row index run by run, which gives exactly the file an
    /// unsharded run would have written. Returns the shards that are missing or unfinished; nothing is written then.
    /// </summary>
    public static IReadOnlyList<int> Merge(string output, int count)
    {
        var missing = Enumerable.Range(0, count).Where(i => !File.Exists(MarkerPath(output, new ShardSpec(i, count)))).ToList();
        if (missing.Count > 0)
            return missing;
        var pools = Enumerable.Range(0, count).Select(i => MarkerPool(MarkerPath(output, new ShardSpec(i, count)))).ToList();
        for (var i = 1; i < count; i++)
        {
            if (pools[i] != pools[0])
                throw new InvalidDataException($"{MarkerPath(output, new ShardSpec(i, count))}: shard {i}/{count} read another pool than shard 0/{count} (fingerprint {pools[i] ?? "none"} vs {pools[0] ?? "none"}): another input, an edited input, or other filter settings; re-run it with the same command line and inputs");
        }
        var temp = output + ".tmp";
        var readers = Enumerable.Range(0, count).Select(i => new ShardLineReader(ScorePath(output, new ShardSpec(i, count)))).ToList();
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                while (readers.Any(r => r.Current is not null))
                {
                    var runLines = readers.Where(r => r.Current is not null).Select(r => r.Current!).Distinct().ToList();
                    if (runLines.Count != 1 || !ShardLineReader.IsRunLine(runLines[0]))
                        throw new InvalidDataException($"shard score files of {output} do not hold the same runs in the same order; re-run the shards with identical options");
                    writer.WriteLine(runLines[0]);
                    foreach (var reader in readers)
                        reader.MoveNext();
                    WriteInterleaved(readers, writer);
                }
            }
            File.Move(temp, output, overwrite: true);
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
        return [];
    }

    /// <summary>Writes the score lines of the current run from every shard, smallest row index first.</summary>
    private static void WriteInterleaved(List<ShardLineReader> readers, StreamWriter writer)
    {
        while (true)
        {
            ShardLineReader? next = null;
            foreach (var reader in readers)
            {
                if (reader.Current is null || ShardLineReader.IsRunLine(reader.Current))
                    continue;
                if (next is null || reader.RowIndex < next.RowIndex)
                    next = reader;
            }
            if (next is null)
                return;
            writer.WriteLine(next.Current);
            next.MoveNext();
        }
    }
}
