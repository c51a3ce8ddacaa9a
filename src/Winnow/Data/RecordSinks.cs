using Winnow.Data.Columnar;

namespace Winnow.Data;

/// <summary>Creates the sink for an output layout, and names the layout an output path asks for by its extension.</summary>
public static class RecordSinks
{
    /// <param name="schema">The input's own schema when every input has this layout and schema (kept as it was), else null.</param>
    internal static IRecordSink Create(string path, DatasetLayout layout, object? schema) => layout switch
    {
        DatasetLayout.JsonArray or DatasetLayout.JsonLines => new JsonRecordSink(path, layout),
        DatasetLayout.Parquet => new ParquetRecordSink(path, schema as Parquet.Schema.ParquetSchema),
        DatasetLayout.ArrowStream or DatasetLayout.ArrowFile => new ArrowRecordSink(path, layout, schema as Apache.Arrow.Schema),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown layout"),
    };

    /// <summary>
    /// <c>.json</c> → JSON array, <c>.jsonl</c>/<c>.ndjson</c> → JSON lines (either with <c>.gz</c> after it),
    /// <c>.parquet</c> → Parquet, <c>.arrow</c> → Arrow IPC stream (as <c>datasets</c> writes it),
    /// <c>.feather</c> → Arrow IPC file; null for any other name.
    /// </summary>
    public static DatasetLayout? FromExtension(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".json" => DatasetLayout.JsonArray,
            ".jsonl" or ".ndjson" => DatasetLayout.JsonLines,
            ".parquet" => DatasetLayout.Parquet,
            ".arrow" => DatasetLayout.ArrowStream,
            ".feather" => DatasetLayout.ArrowFile,
            _ => null,
        };
    }
}
