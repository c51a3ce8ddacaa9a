using System.Security.Cryptography;
using Winnow.Backends;

namespace Winnow.Tests.Backends;

/// <summary>Whole-file hashes, cached per file version; the model fingerprint sees a change anywhere in a weight file.</summary>
public sealed class FileHashCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-hash-").FullName;

    [Fact]
    public void HashIsTheWholeFileSha256AndIsStoredPerVersion()
    {
        var file = Path.Combine(_dir, "w.bin");
        var bytes = new byte[3 << 20];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(file, bytes);
        var cache = Path.Combine(_dir, "cache");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), FileHashCache.Sha256(file, cache));
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "file-sha256")));

        // A middle byte (outside the first and last MiB) changes; the new mtime makes it a new version.
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(file, bytes);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), FileHashCache.Sha256(file, cache));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(cache, "file-sha256")).Length);
    }

    [Fact]
    public void FingerprintChangesWithAMiddleByte()
    {
        var file = Path.Combine(_dir, "model.safetensors");
        var bytes = new byte[3 << 20];
        File.WriteAllBytes(file, bytes);
        var before = ModelFingerprint.Compute(_dir, [file]);
        bytes[bytes.Length / 2] = 7;
        File.WriteAllBytes(file, bytes);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(2));
        Assert.NotEqual(before, ModelFingerprint.Compute(_dir, [file]));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
