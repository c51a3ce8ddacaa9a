namespace Winnow.Data;

/// <summary>
/// One dataset file of any supported layout, read as a sequence of rows whose <see cref="RawRecord.Text"/> is a
/// JSON object, so <see cref="RowParser"/> reads every layout the same way (schemas, mapping, errors, ids and
/// content hashes do not depend on the layout). Formats plug in by implementing this and being named in
/// <see cref="RecordSources"/>.
/// </summary>
internal interface IRecordSource : IDisposable
{
    string File { get; }

    /// <summary>How rows sit in the file; null for an empty JSON file.</summary>
    DatasetLayout? Layout { get; }

    bool Gzip { get; }

    /// <summary>The file's own schema (Parquet, Arrow) that a sink of the same layout keeps; null for JSON.</summary>
    object? Schema { get; }

    /// <summary>The rows in file order; each one's memory is valid only until the next is requested.</summary>
    IEnumerable<RawRecord> Records();

    /// <summary>A copy of <paramref name="raw"/> that stays valid, for writing later.</summary>
    KeptRecord Keep(in RawRecord raw);
}
