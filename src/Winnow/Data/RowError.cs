namespace Winnow.Data;

/// <summary>
/// Why one row could not be read. <see cref="Line"/> is the 1-based line where the row starts (the JSONL line,
/// or the line of the array element's first byte) unless the problem sits at one byte (a JSON syntax error,
/// invalid UTF-8), whose own line is given; <see cref="RowOutcome.Line"/> is always the row's first line. <see cref="Field"/> is a path such as <c>output</c> or <c>conversations[2].from</c>, or null when the
/// problem is the row as a whole. <see cref="RawText"/> is the row's text (decoded leniently, cut after
/// <see cref="DatasetReadOptions.MaxErrorRawBytes"/> bytes; <see cref="RawTextTruncated"/> says so). In a columnar
/// file (Parquet, Arrow) <see cref="Line"/> is the row's 1-based number in the file and <see cref="Where"/> names
/// its row group or record batch.
/// </summary>
public sealed record RowError(
    string File,
    long Index,
    long Line,
    string? Field,
    string Message,
    string? RawText,
    bool RawTextTruncated)
{
    /// <summary>Where a row of a columnar file sits (<c>row group 2, row 17</c>); null for JSON, whose line says it.</summary>
    public string? Where { get; init; }

    public override string ToString()
    {
        var at = Where is null ? $"{File}:{Line}" : $"{File}: {Where}";
        return Field is null ? $"{at}: row {Index}: {Message}" : $"{at}: row {Index}, field '{Field}': {Message}";
    }
}
