using System.Buffers.Binary;
using System.Numerics;

namespace Winnow.Text;

/// <summary>
/// datasketch's <c>sha1_hash32</c>: the first four bytes of a message's SHA-1 digest (FIPS 180-4), read little endian.
/// Managed and allocation-free because near-dedup hashes every word bigram of every row, and a bigram is a short
/// message (one 64-byte block up to 55 bytes): a call into the system library per bigram costs more than the
/// compression itself. The tests hold it to <see cref="System.Security.Cryptography.SHA1"/>.
/// </summary>
internal static class Sha1Hash32
{
    public static uint Of(ReadOnlySpan<byte> message)
    {
        Span<uint> state = [0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u];
        ShaBlocks.Hash<Sha1Compression>(message, state);
        return BinaryPrimitives.ReverseEndianness(state[0]);
    }

    private struct Sha1Compression : IShaCompression
    {
        public static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
        {
            Span<uint> w = stackalloc uint[80];
            for (var t = 0; t < 16; t++)
                w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(4 * t, 4));
            for (var t = 16; t < 80; t++)
                w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
            for (var t = 0; t < 20; t++)
                (a, b, c, d, e) = (BitOperations.RotateLeft(a, 5) + ((b & c) | (~b & d)) + e + 0x5A827999u + w[t], a, BitOperations.RotateLeft(b, 30), c, d);
            for (var t = 20; t < 40; t++)
                (a, b, c, d, e) = (BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1u + w[t], a, BitOperations.RotateLeft(b, 30), c, d);
            for (var t = 40; t < 60; t++)
                (a, b, c, d, e) = (BitOperations.RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + e + 0x8F1BBCDCu + w[t], a, BitOperations.RotateLeft(b, 30), c, d);
            for (var t = 60; t < 80; t++)
                (a, b, c, d, e) = (BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6u + w[t], a, BitOperations.RotateLeft(b, 30), c, d);
            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
        }
    }
}
