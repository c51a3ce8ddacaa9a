using System.Buffers.Binary;

namespace Winnow.Text;

/// <summary>A SHA compression function over one 64-byte block (FIPS 180-4), for <see cref="ShaBlocks.Hash{T}"/>.</summary>
internal interface IShaCompression
{
    static abstract void Compress(Span<uint> state, ReadOnlySpan<byte> block);
}

/// <summary>
/// The message framing SHA-1 and SHA-256 share (FIPS 180-4 §5.1.1): the whole 64-byte blocks, then the tail padded
/// with a 1 bit, zeros and the message's length in bits (big endian) in the last 8 bytes of the last block, which is a
/// second block when the tail leaves fewer than 9 bytes free.
/// </summary>
internal static class ShaBlocks
{
    public const int BlockBytes = 64;

    /// <summary>Runs <typeparamref name="T"/>'s compression over the framed message, from the initial <paramref name="state"/>.</summary>
    public static void Hash<T>(ReadOnlySpan<byte> message, Span<uint> state) where T : struct, IShaCompression
    {
        var whole = message.Length - message.Length % BlockBytes;
        for (var offset = 0; offset < whole; offset += BlockBytes)
            T.Compress(state, message.Slice(offset, BlockBytes));
        Span<byte> tail = stackalloc byte[2 * BlockBytes];
        tail.Clear();
        var rest = message[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var blocks = rest.Length + 9 <= BlockBytes ? 1 : 2;
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(blocks * BlockBytes - 8, 8), (ulong)message.Length * 8);
        for (var block = 0; block < blocks; block++)
            T.Compress(state, tail.Slice(block * BlockBytes, BlockBytes));
    }
}
