namespace Winnow.Data;

/// <summary>Opens a dataset file for one sequential pass, decompressing gzip transparently.</summary>
internal static class InputFile
{
    /// <summary>
    /// Gzip is recognised by its magic bytes (1f 8b), so a compressed file works whatever its name; a stream
    /// that cannot seek (a pipe) falls back to the <c>.gz</c> extension. Every gzip member's trailer is checked, so
    /// a truncated file is an error rather than a shorter dataset. A folder is named as such.
    /// </summary>
    public static Stream OpenRead(string path, out bool gzip)
    {
        if (Directory.Exists(path))
            throw new DatasetFormatException(path, 0, null, "this is a folder, not a dataset file; give the JSON or JSONL file inside it");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        try
        {
            gzip = file.CanSeek ? HasGzipMagic(file) : path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            return gzip ? new CheckedGzipStream(file) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static bool HasGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
