using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// The data files of a dataset folder: a <c>datasets.save_to_disk</c> folder (<c>state.json</c> lists its
/// <c>data-*.arrow</c> files in order; a <c>DatasetDict</c> folder has one such folder per split) or a Hugging
/// Face hub snapshot (<c>data/</c> or the folder itself holding <c>*.parquet</c>, <c>*.jsonl</c>, <c>*.json</c> or
/// <c>*.arrow</c> shards whose file or folder names carry the split, e.g. <c>data/train-00000-of-00004.parquet</c>).
/// </summary>
public static class DatasetFolder
{
    private static readonly string[] DataExtensions = [".parquet", ".jsonl", ".json", ".arrow", ".jsonl.gz", ".json.gz"];

    /// <exception cref="ArgumentException">No data files, or several splits and none (or an unknown one) named.</exception>
    public static IReadOnlyList<string> Files(string folder, string? split)
    {
        if (File.Exists(Path.Combine(folder, "dataset_dict.json")))
        {
            var splits = Directory.GetDirectories(folder).Select(Path.GetFileName).Where(s => File.Exists(Path.Combine(folder, s!, "state.json"))).Order(StringComparer.Ordinal).ToList();
            var chosen = split ?? (splits.Count == 1 ? splits[0] : null)
                ?? throw new ArgumentException($"{folder} holds the splits {string.Join(", ", splits)}; choose one with --split");
            if (!splits.Contains(chosen))
                throw new ArgumentException($"{folder} has no split '{chosen}'; its splits are {string.Join(", ", splits)}");
            return Files(Path.Combine(folder, chosen), null);
        }
        if (File.Exists(Path.Combine(folder, "state.json")))
            return SavedFiles(folder);
        return SnapshotFiles(folder, split);
    }

    private static List<string> SavedFiles(string folder)
    {
        using var state = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "state.json")));
        if (!state.RootElement.TryGetProperty("_data_files", out var files) || files.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{Path.Combine(folder, "state.json")}: expected a '_data_files' array naming the data-*.arrow files");
        return files.EnumerateArray().Select(f => Path.Combine(folder, f.GetProperty("filename").GetString()!)).ToList();
    }

    private static List<string> SnapshotFiles(string folder, string? split)
    {
        var root = Directory.Exists(Path.Combine(folder, "data")) ? Path.Combine(folder, "data") : folder;
        var all = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => DataExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && !Path.GetFileName(f).StartsWith('.'))
            .Select(f => (Path: f, Split: SplitOf(Path.GetRelativePath(root, f))))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (all.Count == 0)
            throw new ArgumentException($"{folder} holds no data files (*.parquet, *.jsonl, *.json, *.arrow) and no state.json");
        var splits = all.Select(f => f.Split).Distinct().Order(StringComparer.Ordinal).ToList();
        var chosen = split ?? (splits.Count == 1 ? splits[0] : null)
            ?? throw new ArgumentException($"{folder} holds the splits {string.Join(", ", splits)}; choose one with --split");
        var files = all.Where(f => f.Split == chosen).Select(f => f.Path).ToList();
        return files.Count > 0 ? files : throw new ArgumentException($"{folder} has no split '{chosen}'; its splits are {string.Join(", ", splits)}");
    }

    /// <summary>
    /// The split a shard belongs to: its first folder under the data root when there is one (<c>train/0.parquet</c>),
    /// else its file name up to the first '-', '_' or '.' (<c>train-00000-of-00004.parquet</c>, <c>test.jsonl</c>).
    /// </summary>
    private static string SplitOf(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        if (parts.Length > 1)
            return parts[0];
        var name = parts[0];
        var end = name.IndexOfAny(['-', '_', '.']);
        return end > 0 ? name[..end] : name;
    }
}
