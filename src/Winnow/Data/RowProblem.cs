namespace Winnow.Data;

/// <summary>
/// Thrown by the per-format row readers when a row breaks the schema; <see cref="RowParser"/> turns it into a
/// <see cref="RowError"/> for that row and goes on with the next one. Never escapes the reader.
/// </summary>
internal sealed class RowProblem(string? field, string message) : Exception(message)
{
    /// <summary>Path of the offending field, e.g. <c>output</c> or <c>messages[1].role</c>; null for the whole row.</summary>
    public string? Field { get; } = field;

    /// <summary>The field is absent from the row (rather than present with a wrong value).</summary>
    public bool Missing { get; init; }
}
