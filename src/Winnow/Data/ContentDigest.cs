using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Unicode;

namespace Winnow.Data;

/// <summary>
/// <see cref="Sample.Hash"/>: the first 8 bytes (big-endian) of SHA-256 over the UTF-8 of
/// <c>"I\0" + instruction + "\0N\0" + input + "\0R\0" + response + "\0"</c> followed, per turn, by the decimal role
/// number, <c>"\0"</c>, the text and <c>"\0"</c>. The pieces are encoded one by one into a per-thread buffer that goes
/// to a per-thread SHA-256 context when full, rather than joined into one string and encoded whole: on a 100k-row pool
/// (1.8 KB hashed a row) that takes 2.6 µs a row instead of 5.5. A reused context also costs less than OpenSSL's
/// one-shot call, which sets one up each time (0.45 µs fixed per digest against 0.63). The bytes are the same: a lone
/// surrogate becomes U+FFFD either way, and a surrogate pair cannot straddle two pieces since each piece ends before a '\0'.
/// </summary>
internal sealed class ContentDigest
{
    // Large enough that most rows go to OpenSSL in one call; small enough to keep for the thread's life whatever the row size.
    private const int BufferBytes = 16 * 1024;

    [ThreadStatic]
    private static ContentDigest? t_current;

    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _used;

    public static ulong Of(IReadOnlyList<Turn> turns, string instruction, string input, string response)
    {
        // Taken from the thread while in use, so that one an exception interrupted (its context half fed) is dropped.
        var digest = t_current ?? new ContentDigest();
        t_current = null;
        digest.Bytes("I\0"u8);
        digest.Text(instruction);
        digest.Bytes("\0N\0"u8);
        digest.Text(input);
        digest.Bytes("\0R\0"u8);
        digest.Text(response);
        digest.Bytes("\0"u8);
        foreach (var turn in turns)
        {
            digest.Number((int)turn.Role);
            digest.Bytes("\0"u8);
            digest.Text(turn.Text);
            digest.Bytes("\0"u8);
        }
        var hash = digest.Finish();
        t_current = digest;
        return hash;
    }

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _used < bytes.Length)
            Flush();
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Number(int value)
    {
        if (!value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture))
        {
            Flush();
            value.TryFormat(_buffer, out written, default, CultureInfo.InvariantCulture);
        }
        _used += written;
    }

    /// <summary>UTF-8 of <paramref name="text"/>, as <see cref="System.Text.Encoding.UTF8"/> writes it (U+FFFD for a lone surrogate).</summary>
    private void Text(string text)
    {
        var rest = text.AsSpan();
        while (true)
        {
            // With replacement on and the whole text given, the encoder stops only for a full buffer, and then
            // between two whole characters, never inside a surrogate pair.
            var status = Utf8.FromUtf16(rest, _buffer.AsSpan(_used), out var read, out var written);
            _used += written;
            if (status != OperationStatus.DestinationTooSmall)
                return;
            rest = rest[read..];
            Flush();
        }
    }

    private void Flush()
    {
        _sha.AppendData(_buffer, 0, _used);
        _used = 0;
    }

    private ulong Finish()
    {
        Flush();
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        _sha.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
