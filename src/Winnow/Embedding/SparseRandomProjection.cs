using System.Numerics;

namespace Winnow.Embedding;

/// <summary>
/// Seeded very sparse random projection (Achlioptas 2003; Li, Hastie &amp; Church 2006) from 2^bits hashed buckets to
/// <c>dim</c> outputs, generated on the fly so no 2^bits × dim matrix is stored. Entry R[b, j] is +1 or −1 with
/// probability 1/16 each and 0 otherwise (sparsity s = 8, so a bucket touches dim / 8 outputs on average; Li's
/// s = √2^18 = 512 would leave most buckets with no output at all at dim = 256). The √s scale is dropped because
/// every embedding is L2-normalised afterwards.
/// <para>
/// Entry R[b, j] is nibble j mod 16 of the 64-bit word H(b, ⌊j / 16⌋, seed) (SplitMix64 finaliser over the packed
/// triple): nibble value 0 gives +1, 1 gives −1. The fast path finds the (on average two) non-zero nibbles of a word with
/// bit tricks instead of testing all 16.
/// </para>
/// </summary>
internal static class SparseRandomProjection
{
    private const ulong NibbleLowBits = 0x1111111111111111UL;

    /// <summary>64 random bits for outputs [16·group, 16·group + 16) of <paramref name="bucket"/>.</summary>
    public static ulong Word(int bucket, int group, ulong seedKey) =>
        HashedTerms.Finalise(((ulong)(uint)bucket << 24 | (uint)group) ^ seedKey);

    /// <summary>Per-seed key mixed into every word, so seeds give unrelated matrices.</summary>
    public static ulong SeedKey(long seed) => HashedTerms.Finalise(unchecked((ulong)seed) ^ 0x5DEECE66DUL);

    /// <summary>output += Σ_b weight_b · R[b, ·], buckets in the order given.</summary>
    public static unsafe void Accumulate(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, ulong seedKey, Span<float> output)
    {
        if (weights.Length < buckets.Length)
            throw new ArgumentException("fewer weights than buckets");
        var fullGroups = output.Length / 16;
        fixed (float* target = output)
        {
            for (var t = 0; t < buckets.Length; t++)
            {
                var weightBits = BitConverter.SingleToUInt32Bits(weights[t]);
                for (var g = 0; g < fullGroups; g++)
                    AddGroup(Word(buckets[t], g, seedKey), weightBits, target + g * 16, 16);
                if (fullGroups * 16 < output.Length)
                    AddGroup(Word(buckets[t], fullGroups, seedKey), weightBits, target + fullGroups * 16, output.Length - fullGroups * 16);
            }
        }
    }

    /// <summary>
    /// Adds ±weight at the (on average two) non-zero nibbles of one word. The sign is applied by flipping the float's
    /// sign bit, because a branch on a random bit mispredicts half the time.
    /// </summary>
    private static unsafe void AddGroup(ulong word, uint weightBits, float* target, int width)
    {
        // Bit 4i of `nonZero` is set when nibble i has its three high bits clear, i.e. value 0 (+1) or 1 (−1).
        var nonZero = ~((word >> 1) | (word >> 2) | (word >> 3)) & NibbleLowBits;
        while (nonZero != 0)
        {
            var bit = BitOperations.TrailingZeroCount(nonZero);
            var lane = bit >> 2;
            if (lane < width)
                target[lane] += BitConverter.UInt32BitsToSingle(weightBits ^ ((uint)(word >> bit) & 1) << 31);
            nonZero &= nonZero - 1;
        }
    }

    /// <summary>R[b, j] read directly from its definition: the twin <see cref="Accumulate"/> is tested against.</summary>
    public static int Entry(int bucket, int j, ulong seedKey)
    {
        var nibble = (Word(bucket, j / 16, seedKey) >> (4 * (j % 16))) & 0xF;
        return nibble == 0 ? 1 : nibble == 1 ? -1 : 0;
    }
}
