namespace Winnow.Data;

/// <summary>
/// Why one row could not be read. <see cref="Line"/> is the 1-based line where the row starts (the JSONL line,
/// or the line of the array element's first byte) unless the problem sits at one byte (a JSON syntax error,
/// invalid UTF-8), whose own line is given; <see cref="RowOutcome.Line"/> is always the row's first line. <see cref="Field"/> is a path such as <c>output</c> or <c>conversations[2].from</c>, or null when the
/// problem is the row as a whole. <see cref="RawText"/> is the row's text (decoded leniently, cut after
/// <see cref="DatasetReadOptions.MaxErrorRawBytes"/> bytes; <see cref="RawTextTruncated"/> says so).
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
    public override string ToString() =>
        Field is null
            ? $"{File}:{Line}: row {Index}: {Message}"
            : $"{File}:{Line}: row {Index}, field '{Field}': {Message}";
}
