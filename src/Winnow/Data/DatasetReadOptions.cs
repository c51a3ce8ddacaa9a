namespace Winnow.Data;

/// <summary>Settings of <see cref="DatasetReader"/> and of <see cref="DatasetWriter"/>'s second pass over the input.</summary>
public sealed record DatasetReadOptions
{
    public const int DefaultMaxRowBytes = 32 * 1024 * 1024;

    /// <summary>Row schema; <see cref="DatasetFormat.Auto"/> detects it from the first row.</summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>
    /// Largest row (JSONL line or array element, in bytes) that is buffered and parsed. A larger row is skipped
    /// without being held in memory and reported as a <see cref="RowError"/>, so memory stays bounded by this limit.
    /// </summary>
    public int MaxRowBytes { get; init; } = DefaultMaxRowBytes;

    /// <summary>At most this many bytes of a bad row's text are kept in <see cref="RowError.RawText"/>.</summary>
    public int MaxErrorRawBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Reject a row whose explicit <c>id</c> field repeats an earlier row's id. Costs about 40 bytes per row
    /// with an id for the whole read (a 128-bit hash of each id and the index where it was first seen).
    /// </summary>
    public bool RejectDuplicateIds { get; init; } = true;

    /// <summary>Accept an input with no rows at all (an empty file, <c>[]</c>, an empty .gz); otherwise that is an error.</summary>
    public bool AllowEmpty { get; init; }
    /// <summary>
    /// The file's own column for each field a row schema reads, e.g. <c>instruction → question</c>,
    /// <c>output → answer</c>, <c>conversations → dialog</c>, <c>from → speaker</c>; fields not named keep their
    /// usual names. Keys are the names in <see cref="MappableFields"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> FieldMap { get; init; } = new Dictionary<string, string>();

    /// <summary>A field of each row whose string value is the row's source in a pool's report; null: the file is the source.</summary>
    public string? SourceField { get; init; }

    public static readonly IReadOnlyList<string> MappableFields =
        ["instruction", "input", "output", "conversations", "from", "value", "system", "messages", "role", "content", "prompt", "completion", "id"];

    /// <summary>The file's column for the field a row schema calls <paramref name="field"/>.</summary>
    internal string Column(string field) => FieldMap.TryGetValue(field, out var column) ? column : field;

    internal void Validate()
    {
        foreach (var key in FieldMap.Keys)
        {
            if (!MappableFields.Contains(key))
                throw new ArgumentException($"--map {key}=…: '{key}' is not a field any row schema reads; expected one of {string.Join(", ", MappableFields)}");
        }
        if (MaxRowBytes < 2)
            throw new ArgumentOutOfRangeException(nameof(MaxRowBytes), MaxRowBytes, "the row size limit must be at least 2 bytes");
        if (MaxErrorRawBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxErrorRawBytes), MaxErrorRawBytes, "must not be negative");
    }
}
