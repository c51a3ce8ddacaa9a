using System.CommandLine;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Cli;

/// <summary>Options shared by the commands that read a dataset.</summary>
public static class CommonOptions
{
    public static Argument<string> Input() => new("input") { Description = "Dataset file: Alpaca, ShareGPT, OpenAI messages or prompt/completion; JSON array or JSONL; .gz allowed." };

    public static Argument<string[]> Inputs() => new("inputs")
    {
        Description = "Dataset files, globs (shards/*.parquet) or dataset folders (datasets.save_to_disk, a hub snapshot), read as one pool: JSON, JSONL (.gz allowed), Parquet, Arrow IPC.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string?> Split() => new("--split") { Description = "Split to read from a dataset folder (train, test, …) when it holds several." };

    public static Option<string[]> Map() => new("--map")
    {
        Description = "Your columns for the fields a row schema reads, e.g. --map instruction=question,output=answer or --map conversations=dialog,from=speaker,value=text; role names with role.user=, role.assistant= or role.system=, e.g. --map role.assistant=bot|ai.",
        DefaultValueFactory = _ => [],
    };

    public static Option<string?> SourceField() => new("--source-field") { Description = "A field whose value names each row's source in the report (default: the input file or folder)." };

    public static Option<string?> To() => new("--to") { Description = "Output layout: json, jsonl, parquet, arrow (IPC stream), arrow-file (default: by the output's extension for convert, the input's own for select)." };

    /// <summary>Reading settings with the column mapping and source field of the pool options.</summary>
    public static DatasetReadOptions ReadOptions(DatasetFormat format, int maxRowMegabytes, IEnumerable<string> map, string? sourceField, bool allowEmpty = false) =>
        (ReadOptions(format, maxRowMegabytes, allowEmpty) with { SourceField = sourceField })
            .WithMap(ParseKeyValues("--map", map.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));

    /// <summary>The layout named by --to, or null when not given.</summary>
    public static DatasetLayout? Layout(string? to) => to?.ToLowerInvariant() switch
    {
        null => null,
        "json" => DatasetLayout.JsonArray,
        "jsonl" => DatasetLayout.JsonLines,
        "parquet" => DatasetLayout.Parquet,
        "arrow" or "arrow-stream" => DatasetLayout.ArrowStream,
        "arrow-file" or "feather" => DatasetLayout.ArrowFile,
        _ => throw new ArgumentException($"--to {to}: expected json, jsonl, parquet, arrow or arrow-file"),
    };

    public static Option<DatasetFormat> Format() => new("--format")
    {
        Description = "Row schema; auto detects it from the first row.",
        DefaultValueFactory = _ => DatasetFormat.Auto,
    };

    public static Option<OnErrorPolicy> OnError() => new("--on-error")
    {
        Description = "A bad row stops the run (fail), or is skipped and written to the rejects file with its reason (skip).",
        DefaultValueFactory = _ => OnErrorPolicy.Fail,
    };

    public static Option<string?> Rejects() => new("--rejects") { Description = "Where --on-error skip writes rejected rows (default: <output>.rejects.jsonl)." };

    public static Option<int> Seed() => new("--seed") { Description = "Seed for every random choice; same inputs and seed give byte-identical outputs.", DefaultValueFactory = _ => 0 };

    public static Option<int> MaxRowMegabytes() => new("--max-row-mb")
    {
        Description = "Largest row accepted, in MB; a larger row is a row error, so memory stays bounded.",
        DefaultValueFactory = _ => DatasetReadOptions.DefaultMaxRowBytes / (1024 * 1024),
    };

    public static Option<bool> AllowEmpty() => new("--allow-empty") { Description = "Accept an input with no rows (otherwise an empty file, [] or an empty .gz is an error)." };

    public static Option<string[]> Params(string name, string description) => new(name)
    {
        Description = description + " Repeat as key=value.",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    public static DatasetReadOptions ReadOptions(DatasetFormat format, int maxRowMegabytes, bool allowEmpty = false)
    {
        if (maxRowMegabytes < 1)
            throw new ArgumentException($"--max-row-mb is {maxRowMegabytes}, expected at least 1");
        return new DatasetReadOptions { Format = format, MaxRowBytes = checked(maxRowMegabytes * 1024 * 1024), AllowEmpty = allowEmpty };
    }

    /// <summary>Parses repeated <c>key=value</c> options into a dictionary; a malformed or repeated key is a usage error.</summary>
    public static Dictionary<string, string> ParseKeyValues(string optionName, IEnumerable<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var equals = item.IndexOf('=');
            if (equals <= 0)
                throw new ArgumentException($"{optionName} '{item}': expected key=value");
            if (!result.TryAdd(item[..equals], item[(equals + 1)..]))
                throw new ArgumentException($"{optionName}: key '{item[..equals]}' is given twice");
        }
        return result;
    }

    public static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new ArgumentException($"{option} is {value}, expected at least 1");
}
