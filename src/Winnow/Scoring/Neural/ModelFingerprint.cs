using System.Security.Cryptography;
using System.Text;

namespace Winnow.Scoring.Neural;

/// <summary>
/// A provenance hash of a model folder: for every weight file its name, size and the SHA-256 of its first and last
/// MiB; config.json and tokenizer.json are hashed in full (they are small and any edit there changes scores).
/// Sampling the weights keeps opening a 14 GB checkpoint at milliseconds instead of the ~10 s a full SHA-256 takes,
/// while a retrained or re-quantised checkpoint still changes size or its header/trailing bytes.
/// </summary>
public static class ModelFingerprint
{
    private const int SampleBytes = 1 << 20;

    public static string Compute(string directory, IEnumerable<string> weightFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in weightFiles.Order(StringComparer.Ordinal))
            AddSampled(hash, file);
        foreach (var name in new[] { "config.json", "tokenizer.json" })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                AddName(hash, name);
                hash.AppendData(File.ReadAllBytes(path));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static void AddSampled(IncrementalHash hash, string file)
    {
        using var stream = File.OpenRead(file);
        var length = stream.Length;
        AddName(hash, Path.GetFileName(file) + ":" + length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var buffer = new byte[(int)Math.Min(SampleBytes, length)];
        stream.ReadExactly(buffer);
        hash.AppendData(buffer);
        if (length > SampleBytes)
        {
            stream.Seek(-buffer.Length, SeekOrigin.End);
            stream.ReadExactly(buffer);
            hash.AppendData(buffer);
        }
    }

    private static void AddName(IncrementalHash hash, string name) => hash.AppendData(Encoding.UTF8.GetBytes(name + "\0"));
}
