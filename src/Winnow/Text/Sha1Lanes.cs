using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace Winnow.Text;

/// <summary>
/// <see cref="Sha1Hash32"/> of many one-block messages (at most <see cref="MaxMessageBytes"/> bytes: a word bigram
/// almost always is) at once, one message per 32-bit vector lane: 16 with AVX-512, 8 with 256-bit vectors. Each
/// message is padded into its block and the block's big-endian words are laid out lane by lane
/// (<see cref="Stage"/>), so that the 80 SHA-1 rounds run on whole vectors; only the first state word is kept, as
/// that is all sha1_hash32 reads. The tests hold both widths to <see cref="System.Security.Cryptography.SHA1"/>.
/// </summary>
internal static class Sha1Lanes
{
    /// <summary>The longest message whose padding (a 1 bit and the 64-bit length) still fits its one 64-bit block.</summary>
    public const int MaxMessageBytes = 55;

    private const int BlockWords = 16;

    /// <summary>Messages hashed together on this machine: 16, 8, or 0 where there are no vectors (then hash one by one).</summary>
    public static int BestWidth { get; } = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 0;

    /// <summary>Pads <paramref name="message"/> into one block and writes its 16 words into lane <paramref name="lane"/> of <paramref name="words"/> (word t at t · width + lane).</summary>
    public static void Stage(ReadOnlySpan<byte> message, Span<uint> words, int lane, int width)
    {
        Span<byte> block = stackalloc byte[4 * BlockWords];
        block.Clear();
        message.CopyTo(block);
        block[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block[^8..], (ulong)message.Length * 8);
        for (var t = 0; t < BlockWords; t++)
            words[t * width + lane] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(4 * t, 4));
    }

    /// <summary>sha1_hash32 of each of the <paramref name="width"/> staged blocks (16 or 8) into <paramref name="hashes"/>.</summary>
    public static void Hash(ReadOnlySpan<uint> words, int width, Span<uint> hashes)
    {
        if (width == 16)
            Hash512(words, hashes);
        else if (width == 8)
            Hash256(words, hashes);
        else
            throw new ArgumentOutOfRangeException(nameof(width), width, "16 or 8 lanes");
    }

    private static void Hash512(ReadOnlySpan<uint> words, Span<uint> hashes)
    {
        Span<Vector512<uint>> w = stackalloc Vector512<uint>[80];
        for (var t = 0; t < BlockWords; t++)
            w[t] = Vector512.Create(words.Slice(t * 16, 16));
        for (var t = 16; t < 80; t++)
            w[t] = Rotate(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        var (a, b, c, d, e) = (Vector512.Create(0x67452301u), Vector512.Create(0xEFCDAB89u), Vector512.Create(0x98BADCFEu), Vector512.Create(0x10325476u), Vector512.Create(0xC3D2E1F0u));
        for (var t = 0; t < 20; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + Vector512.ConditionalSelect(b, c, d) + e + Vector512.Create(0x5A827999u) + w[t], a, Rotate(b, 30), c, d);
        for (var t = 20; t < 40; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + (b ^ c ^ d) + e + Vector512.Create(0x6ED9EBA1u) + w[t], a, Rotate(b, 30), c, d);
        for (var t = 40; t < 60; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + ((b & c) | (d & (b | c))) + e + Vector512.Create(0x8F1BBCDCu) + w[t], a, Rotate(b, 30), c, d);
        for (var t = 60; t < 80; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + (b ^ c ^ d) + e + Vector512.Create(0xCA62C1D6u) + w[t], a, Rotate(b, 30), c, d);
        (a + Vector512.Create(0x67452301u)).CopyTo(hashes);
        BinaryPrimitives.ReverseEndianness(hashes[..16], hashes);
    }

    private static void Hash256(ReadOnlySpan<uint> words, Span<uint> hashes)
    {
        Span<Vector256<uint>> w = stackalloc Vector256<uint>[80];
        for (var t = 0; t < BlockWords; t++)
            w[t] = Vector256.Create(words.Slice(t * 8, 8));
        for (var t = 16; t < 80; t++)
            w[t] = Rotate(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        var (a, b, c, d, e) = (Vector256.Create(0x67452301u), Vector256.Create(0xEFCDAB89u), Vector256.Create(0x98BADCFEu), Vector256.Create(0x10325476u), Vector256.Create(0xC3D2E1F0u));
        for (var t = 0; t < 20; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + Vector256.ConditionalSelect(b, c, d) + e + Vector256.Create(0x5A827999u) + w[t], a, Rotate(b, 30), c, d);
        for (var t = 20; t < 40; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + (b ^ c ^ d) + e + Vector256.Create(0x6ED9EBA1u) + w[t], a, Rotate(b, 30), c, d);
        for (var t = 40; t < 60; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + ((b & c) | (d & (b | c))) + e + Vector256.Create(0x8F1BBCDCu) + w[t], a, Rotate(b, 30), c, d);
        for (var t = 60; t < 80; t++)
            (a, b, c, d, e) = (Rotate(a, 5) + (b ^ c ^ d) + e + Vector256.Create(0xCA62C1D6u) + w[t], a, Rotate(b, 30), c, d);
        (a + Vector256.Create(0x67452301u)).CopyTo(hashes);
        BinaryPrimitives.ReverseEndianness(hashes[..8], hashes);
    }

    private static Vector512<uint> Rotate(Vector512<uint> x, int bits) => (x << bits) | (x >>> (32 - bits));

    private static Vector256<uint> Rotate(Vector256<uint> x, int bits) => (x << bits) | (x >>> (32 - bits));
}
