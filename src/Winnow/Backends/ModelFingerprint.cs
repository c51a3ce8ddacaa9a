using System.Security.Cryptography;
using System.Text;

namespace Winnow.Backends;

/// <summary>
/// A provenance hash of a model: for every weight file its name, size and the SHA-256 of the WHOLE file (through
/// <see cref="FileHashCache"/>, so each file version is read once), plus config.json and tokenizer.json in full when
/// present. Any changed byte of the weights changes the hash, so a repaired model never resumes onto a broken model's
/// scores. Returns the first 16 hex digits.
/// </summary>
public static class ModelFingerprint
{
    public static string Compute(string? directory, IEnumerable<string> weightFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in weightFiles.Order(StringComparer.Ordinal))
        {
            AddName(hash, Path.GetFileName(file) + ":" + new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddName(hash, FileHashCache.Sha256(file));
        }
        if (directory is not null)
        {
            foreach (var name in new[] { "config.json", "tokenizer.json" })
            {
                var path = Path.Combine(directory, name);
                if (File.Exists(path))
                {
                    AddName(hash, name);
                    hash.AppendData(File.ReadAllBytes(path));
                }
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static void AddName(IncrementalHash hash, string name) => hash.AppendData(Encoding.UTF8.GetBytes(name + "\0"));
}
