namespace Winnow.Tokenizers.Models;

/// <summary>
/// Hashes packed (int, int) keys well. long.GetHashCode is hi ^ lo, which sends every merge pair with the same
/// XOR of its ids to the same bucket and made BPE ~100× slower.
/// </summary>
internal sealed class MixedLongComparer : IEqualityComparer<long>
{
    public static readonly MixedLongComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
}
