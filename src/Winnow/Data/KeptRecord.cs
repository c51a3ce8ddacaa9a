namespace Winnow.Data;

/// <summary>
/// A row copied out of a source so it outlives the read: its JSON text (with the indentation it had in a JSON
/// array in front, <see cref="Indent"/> bytes long) and, for a columnar source, the row as the format holds it
/// (<see cref="Native"/>), which a sink of the same layout writes with the input's own types and schema.
/// </summary>
internal sealed record KeptRecord(byte[] Json, int Indent, object? Native)
{
    /// <summary>The row's JSON without the indentation.</summary>
    public ReadOnlySpan<byte> Text => Json.AsSpan(Indent);
}
