using System.Security.Cryptography;
using System.Text;

namespace Winnow.Pipeline;

/// <summary>
/// The identity of a pool as a run saw it: the first 16 hex digits of SHA-256 over its usable row ids
/// (<c>index-contenthash</c>) in order. Shards of one run read the same files with the same filters, so they agree on
/// it; a shard given another file, an edited file or other filter settings does not, and a merge or a select that
/// reuses the shard's work refuses it instead of mixing rows of two pools.
/// </summary>
public static class PoolFingerprint
{
    public static string Of(IReadOnlyList<string> usableIds)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[64];
        foreach (var id in usableIds)
        {
            var length = Encoding.UTF8.GetBytes(id, buffer);
            buffer[length] = (byte)'\n';
            hash.AppendData(buffer[..(length + 1)]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset()[..8]);
    }
}
