namespace Winnow.Text;

/// <summary>
/// Hashing for packed n-gram and (source, target) keys. <see cref="long.GetHashCode"/> XORs the two 32-bit halves,
/// so keys built from small ids collide massively ((u, w) and (w, u) always do; every pair with the same u ^ w
/// shares a bucket) and dictionary operations degrade to long chain walks. A Fibonacci multiply spreads all
/// 64 bits into the high half before it is taken.
/// </summary>
public sealed class PackedKeyComparer : IEqualityComparer<long>
{
    public static readonly PackedKeyComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
}
