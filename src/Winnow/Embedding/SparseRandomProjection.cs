using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Embedding;

/// <summary>
/// Seeded very sparse random projection (Achlioptas 2003; Li, Hastie &amp; Church 2006) from 2^bits hashed buckets to
/// <c>dim</c> outputs, generated on the fly so no 2^bits × dim matrix is stored. Entry R[b, j] is +1 or −1 with
/// probability 1/16 each and 0 otherwise (sparsity s = 8, so a bucket touches dim / 8 outputs on average; Li's
/// s = √2^18 = 512 would leave most buckets with no output at all at dim = 256). The √s scale is dropped because
/// every embedding is L2-normalised afterwards.
/// <para>
/// Entry R[b, j] is nibble j mod 16 of the 64-bit word H(b, ⌊j / 16⌋, seed) (SplitMix64 finaliser over the packed
/// triple): nibble value 0 gives +1, 1 gives −1.
/// </para>
/// <para>
/// <see cref="Accumulate"/> has three paths, all giving the same bits: with AVX-512 (F and DQ, for the 64-bit multiply)
/// <see cref="AccumulateGroups"/> hashes eight groups per vector and fills 16 outputs per vector; with AVX2 only
/// <see cref="AccumulateAvx2"/> hashes one word at a time in scalar code and fills 8 outputs per vector; otherwise, or when
/// dim is not a multiple of 16, <see cref="AccumulateNonZero"/> finds the (on average two) non-zero nibbles of each word
/// with bit tricks and adds only those. The vector paths add every nibble, a +0 where the entry is 0, which is why they
/// agree with the scalar one bit for bit (see <see cref="AccumulateGroups"/>).
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
    public static void Accumulate(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, ulong seedKey, Span<float> output)
    {
        if (weights.Length < buckets.Length)
            throw new ArgumentException("fewer weights than buckets");
        if (Avx512F.IsSupported && Avx512DQ.IsSupported && output.Length % 16 == 0)
            AccumulateGroups(buckets, weights, seedKey, output);
        else if (Avx2.IsSupported && output.Length % 16 == 0)
            AccumulateAvx2(buckets, weights, seedKey, output);
        else
            AccumulateNonZero(buckets, weights, seedKey, output);
    }

    /// <summary>
    /// Every output of a bucket at once: the bucket's words for eight groups per 512-bit multiply chain, then each
    /// group's 16 nibbles spread over the lanes of one vector, which gets +weight where the nibble is 0, −weight where
    /// it is 1 and +0 elsewhere. Adding +0 leaves a sum's bits as they were unless the sum is −0, and none is: the
    /// callers start from a cleared output and x + (−x) is +0. So every output is the same sum, in the same bucket order, as
    /// <see cref="AccumulateNonZero"/>'s; the point is to have no branch on the random nibbles, whose number per word
    /// the scalar loop mispredicted about once a group.
    /// </summary>
    private static void AccumulateGroups(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, ulong seedKey, Span<float> output)
    {
        var groups = output.Length / 16;
        Span<ulong> words = stackalloc ulong[(groups + 7) / 8 * 8];
        ref var target = ref MemoryMarshal.GetReference(output);
        var groupOffsets = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        // Lanes 0–7 read the word's low half, lanes 8–15 its high half; lane i keeps nibble i.
        var halves = Vector512.Create(0u, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
        var shifts = Vector512.Create(0u, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28);
        var nibble = Vector512.Create(15u);
        for (var t = 0; t < buckets.Length; t++)
        {
            // (bucket << 24 | group) ^ key = (bucket << 24 ^ key) ^ group, as groups are under 2^24.
            var key = Vector512.Create((ulong)(uint)buckets[t] << 24 ^ seedKey);
            for (var g = 0; g < words.Length; g += 8)
                Finalise(key ^ (groupOffsets + Vector512.Create((ulong)g))).StoreUnsafe(ref words[g]);
            var plus = Vector512.Create(weights[t]);
            var minus = -plus;
            for (var g = 0; g < groups; g++)
            {
                var word = Avx512F.PermuteVar16x32(Vector512.CreateScalarUnsafe(words[g]).AsUInt32(), halves);
                var nibbles = Avx512F.ShiftRightLogicalVariable(word, shifts) & nibble;
                var value = Vector512.ConditionalSelect(Vector512.Equals(nibbles, Vector512<uint>.Zero).AsSingle(), plus,
                    Vector512.ConditionalSelect(Vector512.Equals(nibbles, Vector512<uint>.One).AsSingle(), minus, Vector512<float>.Zero));
                (Vector512.LoadUnsafe(ref target, (nuint)(16 * g)) + value).StoreUnsafe(ref target, (nuint)(16 * g));
            }
        }
    }

    /// <summary>HashedTerms.Finalise in eight 64-bit lanes.</summary>
    private static Vector512<ulong> Finalise(Vector512<ulong> z)
    {
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    /// <summary>
    /// The AVX2 path, for CPUs without AVX-512 (AMD Zen 3, for one): the scheme of <see cref="AccumulateGroups"/> in
    /// 8-lane vectors, so again every output gets the same float adds in the same bucket order as
    /// <see cref="AccumulateNonZero"/>, plus some +0s, and so the same bits (the argument is given there). AVX2 has no 64-bit multiply, so each
    /// word is hashed in scalar code, where the multiplies of the 16 words of a bucket are independent and pipeline.
    /// Requires Avx2 and <c>output.Length % 16 == 0</c>; internal so the tests can compare it with the scalar path.
    /// </summary>
    internal static void AccumulateAvx2(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, ulong seedKey, Span<float> output)
    {
        if (!Avx2.IsSupported || output.Length % 16 != 0 || weights.Length < buckets.Length)
            throw new ArgumentException("AccumulateAvx2 needs AVX2, whole 16-output groups and a weight per bucket");
        var groups = output.Length / 16;
        ref var target = ref MemoryMarshal.GetReference(output);
        // Lane i of each half keeps nibble i of that 32-bit half.
        var shifts = Vector256.Create(0u, 4, 8, 12, 16, 20, 24, 28);
        var highBits = Vector256.Create(14u);
        for (var t = 0; t < buckets.Length; t++)
        {
            // (bucket << 24 | group) ^ key = (bucket << 24 ^ key) ^ group, as groups are under 2^24.
            var key = (ulong)(uint)buckets[t] << 24 ^ seedKey;
            var plus = Vector256.Create(weights[t]).AsUInt32();
            for (var g = 0; g < groups; g++)
            {
                var word = HashedTerms.Finalise(key ^ (ulong)g);
                ref var low = ref Unsafe.Add(ref target, 16 * g);
                AddHalf(Vector256.Create((uint)word), plus, shifts, highBits, ref low);
                AddHalf(Vector256.Create((uint)(word >> 32)), plus, shifts, highBits, ref Unsafe.Add(ref low, 8));
            }
        }
    }

    /// <summary>
    /// 8 outputs += ±weight or +0 from the 8 nibbles of one 32-bit half (broadcast to every lane). As in
    /// <see cref="AddGroup"/>, −weight is weight with its sign bit flipped by the nibble's low bit; entries whose nibble
    /// has any of its three high bits set (value 2–15) are masked to +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddHalf(Vector256<uint> half, Vector256<uint> plus, Vector256<uint> shifts, Vector256<uint> highBits, ref float target)
    {
        var nibbles = Avx2.ShiftRightLogicalVariable(half, shifts);
        var entry = Vector256.Equals(nibbles & highBits, Vector256<uint>.Zero);
        var value = (plus ^ Vector256.ShiftLeft(nibbles, 31)) & entry;
        (Vector256.LoadUnsafe(ref target) + value.AsSingle()).StoreUnsafe(ref target);
    }

    /// <summary>
    /// The portable path, also taken when dim is not a multiple of 16, and the twin the vector paths are tested against:
    /// only the non-zero entries of each word are visited.
    /// </summary>
    internal static unsafe void AccumulateNonZero(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, ulong seedKey, Span<float> output)
    {
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
