namespace Winnow.Quality.Features;

/// <summary>
/// The Deflate size of rows' responses by row index, kept for one run, so that each response is compressed once:
/// the degeneracy filter compresses every long response, and the quality score's repetition group needs the same size
/// of the same text. 4 bytes a row, in blocks of 65,536 rows made as rows arrive (a filter may run during the read,
/// before the pool's size is known). Safe for concurrent use; a size is only ever set to the one value.
/// </summary>
public sealed class ResponseDeflateSizes
{
    private const int BlockBits = 16;
    private const int BlockMask = (1 << BlockBits) - 1;

    private readonly Lock _grow = new();
    // Sizes are stored plus one, so that 0 is a size not known.
    private int[]?[] _blocks = new int[]?[16];

    /// <summary>Records the size of row <paramref name="index"/>'s response.</summary>
    public void Set(long index, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Block(index >> BlockBits)[index & BlockMask] = bytes + 1;
    }

    /// <summary>The size of row <paramref name="index"/>'s response, or null when none was recorded.</summary>
    public int? Get(long index)
    {
        var blocks = Volatile.Read(ref _blocks);
        var b = index >> BlockBits;
        if (index < 0 || b >= blocks.Length || Volatile.Read(ref blocks[b]) is not { } block)
            return null;
        var stored = Volatile.Read(ref block[index & BlockMask]);
        return stored == 0 ? null : stored - 1;
    }

    private int[] Block(long b)
    {
        var blocks = Volatile.Read(ref _blocks);
        if (b < blocks.Length && Volatile.Read(ref blocks[b]) is { } block)
            return block;
        lock (_grow)
        {
            if (b >= _blocks.Length)
            {
                var grown = new int[]?[Math.Max(2 * _blocks.Length, b + 1)];
                _blocks.CopyTo(grown, 0);
                Volatile.Write(ref _blocks, grown);
            }
            if (_blocks[b] is not { } made)
            {
                made = new int[1 << BlockBits];
                Volatile.Write(ref _blocks[b], made);
            }
            return made;
        }
    }
}
