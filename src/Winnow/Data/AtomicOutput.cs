using System.IO.Compression;

namespace Winnow.Data;

/// <summary>
/// An output file that appears complete or not at all: bytes go to a hidden temporary file in the target's
/// own directory (so the final rename stays on one file system and is atomic), which <see cref="Commit"/>
/// flushes to disk and renames over the target. Disposing without committing deletes the temporary file and
/// leaves any existing target untouched. A target ending in <c>.gz</c> is gzip-compressed. The temporary name is
/// fixed (<c>.&lt;name&gt;.winnow-tmp</c>), so what a killed process left is overwritten by the next write of the same
/// target instead of piling up; runs on one output are kept apart by <c>RunLock</c>.
/// </summary>
internal sealed class AtomicOutput : IDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private readonly FileStream _file;
    private readonly GZipStream? _gzip;
    private bool _done;

    private AtomicOutput(string path)
    {
        _path = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"cannot write {path}: the folder {directory} does not exist");
        _temp = TempPath(_path);
        // Read access too: a Parquet writer appending row groups reads back the footer it wrote.
        _file = new FileStream(_temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        _gzip = _path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(_file, CompressionLevel.Optimal, leaveOpen: true) : null;
    }

    /// <summary>Where to write: the gzip layer when compressing, else the temporary file itself.</summary>
    public Stream Stream => _gzip ?? (Stream)_file;

    public static AtomicOutput Create(string path) => new(path);

    /// <summary>The temporary file a write of <paramref name="path"/> goes through.</summary>
    public static string TempPath(string path) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.winnow-tmp");

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _gzip?.Dispose(); // writes the gzip trailer
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done)
            return;
        _done = true;
        try
        {
            // Flushing the gzip trailer fails again when the disk is full; the temporary file must go all the same.
            _gzip?.Dispose();
            _file.Dispose();
        }
        catch (IOException)
        {
        }
        finally
        {
            File.Delete(_temp);
        }
    }
}
