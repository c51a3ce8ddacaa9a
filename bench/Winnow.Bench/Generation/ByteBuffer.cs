using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Winnow.Bench.Generation;

/// <summary>A growable run of bytes, reused from chunk to chunk.</summary>
internal sealed class ByteBuffer
{
    private byte[] _bytes = new byte[1 << 20];
    private int _length;

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Drops the last byte written.</summary>
    public void RemoveLast() => _length--;

    public void Append(ReadOnlySpan<byte> values)
    {
        Reserve(values.Length);
        values.CopyTo(_bytes.AsSpan(_length));
        _length += values.Length;
    }

    /// <summary>Appends the first <paramref name="count"/> bytes of <paramref name="values"/> (a 16-byte store; the bytes past <paramref name="count"/> are overwritten by the next append).</summary>
    public void Append(Vector128<byte> values, int count)
    {
        Reserve(Vector128<byte>.Count);
        Unsafe.WriteUnaligned(ref _bytes[_length], values);
        _length += count;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _bytes.Length)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + bytes));
    }
}
