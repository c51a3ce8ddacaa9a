using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Winnow.Pipeline;

namespace Winnow.Filters;

/// <summary>
/// The folder of a run's filter checkpoints, <c>&lt;output&gt;.filters/</c>, one file per pool-calibrated step:
/// <c>step-&lt;position&gt;-&lt;filter&gt;.ckpt</c> (position 1-based in the recipe's filter list). A checkpoint is used
/// only when its key is the one this run computes for the step (<see cref="Key"/>); another is left to be overwritten
/// when the step completes. Files are written under a temporary name and renamed, so a reader sees a whole old file or
/// a whole new one; the temporary name carries the writer's shard, so the shards of a sharded run, which all compute
/// the same steps and may run at once, never write the same temporary file (each shard's score-file lock keeps two
/// runs of one shard apart; the whole run holds the output's lock). The files stay after a run: a re-run with another
/// budget or selector skips the filters. Deleting the folder is always safe; the next run recomputes.
/// </summary>
public sealed class FilterCheckpoints(string folder, ShardSpec writer)
{
    public static string FolderFor(string output) => output + ".filters";

    public string PathOf(int position, string filter) => Path.Combine(folder, $"step-{position + 1}-{filter}.ckpt");

    /// <summary>
    /// The checkpoint of the step at <paramref name="position"/> when one with <paramref name="key"/> is there and
    /// <paramref name="fits"/> finds nothing wrong with it (it returns why it does not fit, or null), else null. An
    /// unreadable or unfitting file is reported in one line through <paramref name="progress"/> before the step runs
    /// again; a file with another key (other settings, other rows) is ignored without a word.
    /// </summary>
    public FilterCheckpoint? Load(int position, string filter, string key, Func<FilterCheckpoint, string?> fits, IProgress<StageProgress>? progress)
    {
        var path = PathOf(position, filter);
        if (!File.Exists(path))
            return null;
        string problem;
        try
        {
            var checkpoint = FilterCheckpointFile.Read(File.ReadAllBytes(path));
            if (checkpoint.Key != key)
                return null;
            if (fits(checkpoint) is not { } misfit)
                return checkpoint;
            problem = misfit;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
        }
        progress?.Report(new StageProgress($"filter {filter}: checkpoint {path} ignored ({problem}); running the filter", 0, 0));
        return null;
    }

    /// <summary>Writes <paramref name="checkpoint"/> for the step at <paramref name="position"/>: to a temporary file, flushed to disk, then renamed over the old one.</summary>
    public void Save(int position, string filter, FilterCheckpoint checkpoint)
    {
        Directory.CreateDirectory(folder);
        var path = PathOf(position, filter);
        var temp = path + writer.FileSuffix + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                FilterCheckpointFile.Write(file, checkpoint);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// What a checkpoint of the step at <paramref name="position"/> must match, as 64 hex digits of SHA-256: the format
    /// version and the tool build (version and source revision), the position, the name, code and settings (sorted) of every filter up to and
    /// including it, and the rows entering the step: their count, their <see cref="PoolFingerprint"/> (index and
    /// content hash of each) and their sources (a filter may calibrate per source, as <c>mismatch</c> does).
    /// </summary>
    public static string Key(IReadOnlyList<IRowFilter> filters, int position, PoolScan scan)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        Add("filter checkpoint " + Number(FilterCheckpointFile.FormatVersion));
        Add(ToolInfo.Build);
        Add(Number(position));
        foreach (var filter in filters.Take(position + 1))
        {
            Add(filter.Name);
            Add(filter.Code);
            Add(Number(filter.Settings.Count));
            foreach (var (name, value) in filter.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                Add(name);
                Add(value);
            }
        }
        Add(Number(scan.UsableIds.Count));
        Add(PoolFingerprint.Of(scan.UsableIds));
        // Sources come in runs (one per file of a pool): each run is its first row and its name.
        string? previous = null;
        for (var row = 0; row < scan.UsableSources.Count; row++)
        {
            var source = scan.UsableSources[row];
            if (string.Equals(source, previous, StringComparison.Ordinal))
                continue;
            Add(Number(row));
            Add(source);
            previous = source;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
