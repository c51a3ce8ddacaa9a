namespace Winnow;

/// <summary>
/// The one seeded generator of Winnow: SplitMix64 (Steele, Lea and Flood 2014). Every seeded draw — samples,
/// permutations, k-means seeding, projections, noise, training order, synthetic data — comes from here, so a seed
/// means the same sequence in every component and on every runtime. <see cref="System.Random"/> is not used: the
/// sequence of a seeded <c>Random</c> is an implementation detail of .NET, not a contract. SplitMix64 has period
/// 2^64, passes BigCrush, and its output is fixed by its definition.
/// </summary>
public sealed class SeededRandom
{
    private ulong _state;

    /// <summary>A generator whose state starts at the seed's 64 bits (negative seeds included, as two's complement).</summary>
    public SeededRandom(long seed) => _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A seed for an independent child generator (one per k-means restart, per shard, …).</summary>
    public long NextSeed() => unchecked((long)NextUInt64());

    /// <summary>Uniform double in [0, 1): the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in the open interval (0, 1): 53 random bits, offset by half a step so 0 never occurs.</summary>
    public double NextOpenUnit() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box–Muller (two uniform draws per value; the sine half is not kept).</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(NextOpenUnit())) * Math.Cos(2 * Math.PI * NextOpenUnit());

    /// <summary>
    /// Uniform integer in [0, bound) by Lemire's multiply-and-shift with rejection (2019): unbiased, and it divides
    /// only on the rare draws that fall in the biased low range.
    /// </summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var range = (ulong)bound;
        var high = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0 - range) % range;
            while (low < threshold)
                high = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)high;
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int min, int maxExclusive)
    {
        if (maxExclusive <= min)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"needs a range above min = {min}");
        return min + NextInt(maxExclusive - min);
    }

    /// <summary>Fisher–Yates shuffle of the whole span, from its last position down.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// Moves a uniform random sample of <paramref name="count"/> items, in random order, to the front of the span
    /// (the first <paramref name="count"/> steps of a forward Fisher–Yates); the rest is left in an unspecified order.
    /// </summary>
    public void ShuffleFront<T>(Span<T> items, int count)
    {
        if (count < 0 || count > items.Length)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"needs 0 ≤ count ≤ {items.Length}");
        for (var i = 0; i < count && i < items.Length - 1; i++)
        {
            var j = i + NextInt(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A uniformly random permutation of 0 … count − 1.</summary>
    public int[] Permutation(int count)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        Shuffle(order.AsSpan());
        return order;
    }
}
