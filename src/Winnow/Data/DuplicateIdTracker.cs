using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// Remembers the explicit <c>id</c> values seen so far, as 128-bit SHA-256 prefixes rather than strings, so
/// the memory per row is fixed (a collision is about as likely as 2^-128 per pair) and 10M ids stay in the
/// hundreds of megabytes. String and number ids are distinct: <c>"7"</c> and <c>7</c> do not clash.
/// </summary>
internal sealed class DuplicateIdTracker
{
    private readonly Dictionary<UInt128, long> _firstIndex = [];

    /// <summary>Records the id of row <paramref name="index"/>; returns the earlier row's index when the id repeats.</summary>
    public long? Add(JsonElement id, long index)
    {
        var key = id.ValueKind switch
        {
            JsonValueKind.String => Key((byte)'s', id.GetString()!),
            JsonValueKind.Number => Key((byte)'n', id.GetRawText()),
            _ => throw new RowProblem("id", $"id must be a string or a number, found {RowFields.Describe(id.ValueKind)}"),
        };
        if (_firstIndex.TryGetValue(key, out var first))
            return first;
        _firstIndex.Add(key, index);
        return null;
    }

    private static UInt128 Key(byte kind, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        bytes[0] = kind;
        Encoding.UTF8.GetBytes(value, bytes.AsSpan(1));
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
    }
}
