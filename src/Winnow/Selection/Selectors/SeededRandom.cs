namespace Winnow.Selection.Selectors;

/// <summary>
/// SplitMix64 generator. Selections must be byte-identical for a seed across .NET versions, which
/// <see cref="System.Random"/> does not promise, so the selectors use this fixed, documented algorithm.
/// </summary>
internal sealed class SeededRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in <c>[0, bound)</c>, rejection-sampled so that no value is favoured.</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong draw;
        do
            draw = NextUInt64();
        while (draw >= limit);
        return (int)(draw % (ulong)bound);
    }

    /// <summary>Fisher–Yates permutation of <c>0 … count − 1</c>.</summary>
    public int[] Permutation(int count)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
