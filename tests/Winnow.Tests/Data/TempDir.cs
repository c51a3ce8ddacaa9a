using System.IO.Compression;
using System.Text;
using Winnow.Data;

namespace Winnow.Tests.Data;

/// <summary>A scratch folder for one test, deleted afterwards, with helpers to write inputs and read rows.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "winnow-data-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(System.IO.File.Create(path), CompressionLevel.Fastest);
            gzip.Write(bytes);
        }
        else
        {
            System.IO.File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order().ToArray()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);

    public static List<RowOutcome> ReadAll(string path, DatasetReadOptions? options = null) => DatasetReader.Read(path, options).ToList();

    public static List<Sample> Samples(string path, DatasetReadOptions? options = null)
    {
        var rows = ReadAll(path, options);
        Assert.All(rows, r => Assert.True(r.IsSuccess, r.Error?.ToString()));
        return rows.Select(r => r.Sample!).ToList();
    }

    public static RowError SingleError(string path, DatasetReadOptions? options = null) =>
        Assert.Single(ReadAll(path, options), r => !r.IsSuccess).Error!;

    public static byte[] ReadBytes(string path)
    {
        using var file = System.IO.File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
