namespace Winnow.Data;

/// <summary>
/// The row schema of a dataset file. <see cref="Auto"/> detects it from the keys of the first row that is a
/// JSON object: <c>conversations</c> → ShareGPT, <c>messages</c> → OpenAI messages, <c>instruction</c> → Alpaca,
/// <c>prompt</c> and <c>completion</c> → prompt/completion (checked in that order).
/// </summary>
public enum DatasetFormat
{
    Auto,

    /// <summary><c>instruction</c> and <c>output</c> (non-empty strings), optional <c>input</c>.</summary>
    Alpaca,

    /// <summary><c>conversations</c>: an array of <c>{from, value}</c>; see <see cref="ShareGptRow"/> for the roles accepted.</summary>
    ShareGpt,

    /// <summary><c>messages</c>: an array of <c>{role, content}</c> with roles system, user, assistant.</summary>
    OpenAiMessages,

    /// <summary><c>prompt</c> and <c>completion</c> (non-empty strings).</summary>
    PromptCompletion,
}

/// <summary>
/// How rows sit in the file: one JSON array of rows, one JSON object per line (JSONL), Parquet (columns in row
/// groups), or Arrow IPC as a stream (what <c>datasets.save_to_disk</c> writes) or as a file (Feather v2).
/// </summary>
public enum DatasetLayout
{
    JsonArray,
    JsonLines,
    Parquet,
    ArrowStream,
    ArrowFile,
}

/// <summary>What <see cref="DatasetReader.Detect"/> found: layout, row schema and whether the file is gzip-compressed.</summary>
public sealed record DatasetShape(DatasetLayout Layout, DatasetFormat Format, bool Gzip);
