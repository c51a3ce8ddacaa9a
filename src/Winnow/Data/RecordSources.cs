using Winnow.Data.Columnar;

namespace Winnow.Data;

/// <summary>
/// Opens a dataset file with the source for its layout, recognised by the file's first bytes rather than its
/// name: <c>PAR1</c> is Parquet, <c>ARROW1</c> an Arrow IPC file, a 0xFFFFFFFF continuation marker an Arrow IPC
/// stream, anything else JSON or JSON lines (gzip-compressed or not).
/// </summary>
internal static class RecordSources
{
    public static IRecordSource Open(string path, DatasetReadOptions options)
    {
        options.Validate();
        return Sniff(path) switch
        {
            DatasetLayout.Parquet => ParquetRecordSource.Open(path, options),
            DatasetLayout.ArrowFile or DatasetLayout.ArrowStream => ArrowRecordSource.Open(path, options),
            _ => JsonRecordSource.Open(path, options),
        };
    }

    /// <summary>The layout the first bytes announce, or null for text (JSON, JSON lines, gzip).</summary>
    public static DatasetLayout? Sniff(string path)
    {
        Span<byte> head = stackalloc byte[6];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0))
            head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        if (head.StartsWith("PAR1"u8))
            return DatasetLayout.Parquet;
        if (head.StartsWith("ARROW1"u8))
            return DatasetLayout.ArrowFile;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xff, 0xff, 0xff, 0xff]))
            return DatasetLayout.ArrowStream;
        return null;
    }
}
