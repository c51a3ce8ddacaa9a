using Winnow.Data.Columnar;

namespace Winnow.Data;

/// <summary>
/// Several inputs read as one pool: files, globs (<c>shards/*.jsonl</c>) and dataset folders
/// (<see cref="DatasetFolder"/>), in the order given. Row indices run on from file to file, so ids
/// (<c>&lt;index&gt;-&lt;hash&gt;</c>) are unique over the whole pool, and each row records its source: its file's
/// name, the folder's name for a dataset folder's shards, or the value of the row's own field named by
/// <see cref="DatasetReadOptions.SourceField"/>. Each file is read with its own format detection. The shards of
/// one dataset folder must share one schema.
/// </summary>
public sealed class DatasetPool
{
    private DatasetPool(IReadOnlyList<PoolFile> files) => Files = files;

    public IReadOnlyList<PoolFile> Files { get; }

    public IReadOnlyList<string> Paths => Files.Select(f => f.Path).ToList();

    /// <summary>A pool of one file.</summary>
    public static DatasetPool Of(string path) => new([new PoolFile(path, Path.GetFileName(path))]);

    /// <exception cref="ArgumentException">An input matches nothing, or a folder needs a split.</exception>
    /// <exception cref="DatasetFormatException">The shards of one folder have different schemas.</exception>
    public static DatasetPool Resolve(IReadOnlyList<string> inputs, string? split = null, DatasetReadOptions? options = null)
    {
        var files = new List<PoolFile>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var shards = DatasetFolder.Files(input, split);
                CheckSameSchema(shards, options ?? new DatasetReadOptions());
                var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(input)));
                files.AddRange(shards.Select(s => new PoolFile(s, name)));
            }
            else if (input.IndexOfAny(['*', '?']) >= 0)
            {
                var directory = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
                var matches = Directory.Exists(directory)
                    ? Directory.GetFiles(directory, Path.GetFileName(input)).Order(StringComparer.Ordinal).ToList()
                    : [];
                if (matches.Count == 0)
                    throw new ArgumentException($"the pattern {input} matches no file");
                files.AddRange(matches.Select(m => new PoolFile(m, Path.GetFileName(m))));
            }
            else
            {
                if (!File.Exists(input))
                    throw new FileNotFoundException($"{input}: no such file or folder", input);
                files.Add(new PoolFile(input, Path.GetFileName(input)));
            }
        }
        var repeated = files.GroupBy(f => Path.GetFullPath(f.Path)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"{repeated.Key} is given twice; each file may be in the pool once");
        return new DatasetPool(files);
    }

    /// <summary>Every row of every file in pool order, each sample carrying its <see cref="Sample.Source"/>.</summary>
    public IEnumerable<RowOutcome> Read(DatasetReadOptions? options = null) => Read(options, null);

    /// <summary>
    /// The rows of the pool whose index <paramref name="wanted"/> accepts (asked once per row, in pool order; null:
    /// every row), in pool order. The other rows are split off but not parsed, which makes a pass for a few rows of a
    /// large pool cost little more than reading its bytes; a file's rows are still parsed up to its first object row,
    /// so the format is the one the whole read detects, and a wanted row reads as it does in the whole read.
    /// </summary>
    public IEnumerable<RowOutcome> Read(DatasetReadOptions? options, Func<long, bool>? wanted)
    {
        options ??= new DatasetReadOptions();
        long offset = 0;
        foreach (var file in Files)
        {
            long count = 0;
            using var source = RecordSources.Open(file.Path, options);
            var parser = new RowParser(file.Path, options);
            foreach (var raw in source.Records())
            {
                count++;
                if (wanted is not null && !wanted(offset + raw.Index) && parser.Format != DatasetFormat.Auto)
                    continue;
                var outcome = parser.Parse(raw with { Index = offset + raw.Index });
                if (outcome.Sample is { } sample && options.SourceField is null)
                    sample.Source = file.Source;
                yield return outcome;
            }
            offset += count;
        }
    }

    private static void CheckSameSchema(IReadOnlyList<string> shards, DatasetReadOptions options)
    {
        object? first = null;
        for (var i = 0; i < shards.Count; i++)
        {
            using var source = RecordSources.Open(shards[i], options);
            if (i == 0)
                first = source.Schema;
            else if (SchemaIdentity.Difference(first, source.Schema) is { } difference)
                throw new DatasetFormatException(shards[i], 0, null, $"its schema differs from the first shard {Path.GetFileName(shards[0])}'s: {difference}; the shards of one dataset must share a schema");
        }
    }
}
