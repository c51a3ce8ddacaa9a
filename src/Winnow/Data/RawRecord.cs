namespace Winnow.Data;

/// <summary>
/// One row's bytes exactly as in the file (a JSONL line without its line break, or an array element without
/// the surrounding whitespace and commas). <see cref="Text"/> and <see cref="Indent"/> point into the splitter's
/// buffer and are valid only until the next row is requested: copy what must outlive that.
/// <see cref="Indent"/> is the whitespace before an array element on its line, kept so a written array keeps
/// the input's layout. A row over the size limit has empty <see cref="Text"/>, its <see cref="Size"/> and the
/// first bytes in <see cref="OversizePrefix"/>. A columnar source (Parquet, Arrow) renders each row as a JSON
/// object in <see cref="Text"/>, numbers its rows from 1 in <see cref="Line"/>, says where the row sits in
/// <see cref="Where"/> (e.g. <c>row group 2, row 17</c>) and hands its own copy of the row in <see cref="Native"/>,
/// which a sink of the same layout writes back with the input's types.
/// </summary>
internal readonly record struct RawRecord(
    long Index,
    long Line,
    ReadOnlyMemory<byte> Text,
    ReadOnlyMemory<byte> Indent,
    long Size,
    byte[]? OversizePrefix,
    string? Where = null,
    object? Native = null)
{
    public bool IsOversize => OversizePrefix is not null;
}
