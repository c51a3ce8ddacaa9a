namespace Winnow.Data;

/// <summary>
/// Writes rows, in the order given, to one output file of one layout. The file appears complete on
/// <see cref="Commit"/> (temporary file and rename) or not at all when disposed without it.
/// </summary>
internal interface IRecordSink : IDisposable
{
    void Write(KeptRecord row);

    void Commit();
}
