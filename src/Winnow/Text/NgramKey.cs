namespace Winnow.Text;

/// <summary>
/// Packs an n-gram of small ids into one long, oldest id in the highest bits, so that dropping the oldest word
/// (the Kneser–Ney suffix) is a mask and dropping the newest (the context) is a shift. One dictionary per order
/// keeps equal packed values of different orders apart.
/// </summary>
public static class NgramKey
{
    public static long Pack(ReadOnlySpan<int> ids, int bits)
    {
        long key = 0;
        foreach (var id in ids)
            key = (key << bits) | (uint)id;
        return key;
    }

    /// <summary>The last <paramref name="length"/> ids of a packed n-gram.</summary>
    public static long Suffix(long key, int length, int bits) => length == 0 ? 0 : key & ((1L << (length * bits)) - 1);

    /// <summary>The first id of a packed n-gram of <paramref name="order"/> ids.</summary>
    public static int First(long key, int order, int bits) => (int)(key >> ((order - 1) * bits));

    /// <summary>The n-gram without its last id (its context).</summary>
    public static long Context(long key, int bits) => key >> bits;

    public static long Append(long context, int id, int bits) => (context << bits) | (uint)id;
}
