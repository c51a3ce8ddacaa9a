using System.CommandLine;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Cli;

/// <summary>Options shared by the commands that read a dataset.</summary>
public static class CommonOptions
{
    public static Argument<string> Input() => new("input") { Description = "Dataset file: Alpaca, ShareGPT, OpenAI messages or prompt/completion; JSON array or JSONL; .gz allowed." };

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
