using System.Text.Json;

namespace Winnow.Pipeline;

/// <summary>
/// The files a run publishes as one unit (selection, decisions, report, rejects, the score file's completion marker,
/// the embeddings and the run log). Each is first written complete under a staged name beside its target
/// (<c>.winnow-staged.&lt;name&gt;</c>); a file an earlier run left that this run does not write (the embeddings of a
/// recipe that no longer embeds) is marked for removal. At the end <see cref="Publish"/> writes a journal listing both,
/// removes the old selection and the files marked, renames every other file, renames the selection last and deletes
/// the journal. So a run killed at any point leaves either the previous
/// selection with its own files, or no selection while a journal says a publish is under way, and
/// <see cref="Recover"/> (called by the next run, under its lock) completes that publish and removes whatever a killed
/// run left half-written. Nothing is ever a new selection beside an older report.
/// </summary>
public sealed class RunOutputs
{
    private const string StagedPrefix = ".winnow-staged.";
    private readonly string _primary;
    private readonly List<string> _targets = [];
    private readonly List<string> _removed = [];

    /// <summary>What a publish under way will do; the journal's content.</summary>
    private sealed record Journal(List<string> Publish, List<string> Remove);

    /// <param name="primary">The selection: published last, and the name the journal and leftovers are found by.</param>
    public RunOutputs(string primary)
    {
        _primary = Path.GetFullPath(primary);
    }

    /// <summary>Registers <paramref name="target"/> and returns the path to write it under until <see cref="Publish"/>.</summary>
    public string Stage(string target)
    {
        var full = Path.GetFullPath(target);
        if (!_targets.Contains(full, StringComparer.Ordinal))
            _targets.Add(full);
        return StagedPath(full);
    }

    /// <summary>Marks <paramref name="target"/>, a file an earlier run may have left and this run does not write, for removal at the publish.</summary>
    public void Remove(string target)
    {
        var full = Path.GetFullPath(target);
        if (!_removed.Contains(full, StringComparer.Ordinal))
            _removed.Add(full);
    }

    /// <summary>Publishes every staged file that exists and removes the files marked; the selection goes last. Reports one step per file.</summary>
    public void Publish(IProgress<StageProgress>? progress)
    {
        var ordered = _targets.Where(t => t != _primary).Append(_primary).Where(t => _targets.Contains(t, StringComparer.Ordinal)).ToList();
        var missing = ordered.Where(t => !File.Exists(StagedPath(t))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"nothing was staged for {string.Join(", ", missing)}");
        var journal = JournalPath(_primary);
        WriteDurably(journal, JsonSerializer.SerializeToUtf8Bytes(new Journal(ordered, _removed)));
        File.Delete(_primary);
        foreach (var removed in _removed)
            File.Delete(removed);
        progress?.Report(new StageProgress("publish", 0, ordered.Count));
        for (var i = 0; i < ordered.Count; i++)
        {
            File.Move(StagedPath(ordered[i]), ordered[i], overwrite: true);
            progress?.Report(new StageProgress("publish", i + 1, ordered.Count));
        }
        File.Delete(journal);
    }

    /// <summary>
    /// Completes a publish that a killed run left half done (its journal names the targets; every staged file still
    /// there is moved into place, every file marked for removal is deleted), then deletes staged and temporary files a
    /// killed run left for this selection.
    /// </summary>
    public static void Recover(string primary)
    {
        var full = Path.GetFullPath(primary);
        var journal = JournalPath(full);
        if (File.Exists(journal))
        {
            var (targets, removed) = ReadJournal(journal);
            foreach (var target in removed)
                File.Delete(target);
            foreach (var target in targets.Where(t => File.Exists(StagedPath(t))))
                File.Move(StagedPath(target), target, overwrite: true);
            File.Delete(journal);
        }
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            return;
        var name = Path.GetFileName(full);
        foreach (var leftover in Directory.EnumerateFiles(directory, StagedPrefix + name + "*")
                     .Concat(Directory.EnumerateFiles(directory, "." + name + "*.winnow-tmp")))
            File.Delete(leftover);
        File.Delete(journal + ".tmp");
    }

    public static string StagedPath(string target)
    {
        var full = Path.GetFullPath(target);
        return Path.Combine(Path.GetDirectoryName(full)!, StagedPrefix + Path.GetFileName(full));
    }

    public static string JournalPath(string primary)
    {
        var full = Path.GetFullPath(primary);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".winnow-publish");
    }

    private static (List<string> Publish, List<string> Remove) ReadJournal(string journal)
    {
        try
        {
            var read = JsonSerializer.Deserialize<Journal>(File.ReadAllBytes(journal));
            return (read?.Publish ?? [], read?.Remove ?? []);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{journal}: the publish journal of an interrupted run is unreadable ({e.Message}); delete it and re-run", e);
        }
    }

    /// <summary>Writes a small file so that it is on disk, complete, before the renames it announces start.</summary>
    private static void WriteDurably(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
