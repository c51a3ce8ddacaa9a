using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Text;

/// <summary>
/// The MinHash signature of a shingle set: for each permutation p, the least of (a_p·h + b_p) mod (2^61 − 1), masked
/// to 32 bits, over the shingles h; <see cref="MinHashLsh.Permute"/> is the scalar rule and
/// <see cref="MinHashLshReference.BandKeys"/> the twin the tests compare against. With AVX-512 or AVX2 eight or four
/// permutations go in one vector of 64-bit lanes; the 64 × 32-bit product a·h, below 2^93, is taken in two 32 × 32-bit
/// halves so that every lane stays below 2^64 (see <see cref="Reduce"/>). Exact integer arithmetic: the same minima.
/// </summary>
internal sealed class MinHashSignature
{
    private const ulong MersennePrime = (1UL << 61) - 1;

    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly ulong[] _aLow;
    private readonly ulong[] _aHigh;

    public MinHashSignature(ulong[] a, ulong[] b)
    {
        (_a, _b) = (a, b);
        _aLow = a.Select(x => x & uint.MaxValue).ToArray();
        _aHigh = a.Select(x => x >> 32).ToArray();
    }

    /// <summary>The widest vector the machine has for <see cref="Compute(ReadOnlySpan{uint}, Span{uint}, int)"/>: 512, 256 or 0 (scalar).</summary>
    public static int BestVectorBits { get; } = Avx512F.IsSupported ? 512 : Avx2.IsSupported ? 256 : 0;

    public void Compute(ReadOnlySpan<uint> shingles, Span<uint> signature) => Compute(shingles, signature, BestVectorBits);

    /// <summary>The signature with vectors of the given width (one the machine supports; the tests try each).</summary>
    internal void Compute(ReadOnlySpan<uint> shingles, Span<uint> signature, int vectorBits)
    {
        var vectorised = vectorBits switch
        {
            512 => Vector512Lanes(shingles, signature),
            256 => Vector256Lanes(shingles, signature),
            _ => 0,
        };
        for (var p = vectorised; p < _a.Length; p++)
        {
            var min = uint.MaxValue;
            foreach (var h in shingles)
                min = Math.Min(min, (uint)MinHashLsh.Permute(_a[p], _b[p], h));
            signature[p] = min;
        }
    }

    /// <summary>
    /// (a·h + b) mod (2^61 − 1) from x = a_low·h (below 2^64) and y = a_high·h (below 2^61), a·h = y·2^32 + x: since
    /// 2^61 ≡ 1, x ≡ (x mod 2^61) + (x ≫ 61) and y·2^32 ≡ (y mod 2^29)·2^32 + (y ≫ 29); those four terms and b are
    /// each below 2^61 or far less, so their sum stays below 2^63, and one more fold leaves it below 2^61 + 3, where
    /// one conditional subtraction of the prime (the unsigned minimum of s and s − p) completes the remainder.
    /// </summary>
    private static Vector512<ulong> Reduce(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> b)
    {
        var prime = Vector512.Create(MersennePrime);
        var sum = (x & prime) + (x >>> 61) + ((y & Vector512.Create((1UL << 29) - 1)) << 32) + (y >>> 29) + b;
        sum = (sum & prime) + (sum >>> 61);
        return Vector512.Min(sum, sum - prime);
    }

    private static Vector256<ulong> Reduce(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> b)
    {
        var prime = Vector256.Create(MersennePrime);
        var sum = (x & prime) + (x >>> 61) + ((y & Vector256.Create((1UL << 29) - 1)) << 32) + (y >>> 29) + b;
        sum = (sum & prime) + (sum >>> 61);
        // Both below 2^62 or wrapped above 2^63: a signed comparison orders them as the unsigned minimum needs.
        var reduced = sum - prime;
        return Vector256.ConditionalSelect(Vector256.LessThan(reduced.AsInt64(), Vector256<long>.Zero).AsUInt64(), sum, reduced);
    }

    /// <summary>Eight permutations a vector, two vectors a pass over the shingles; returns how many permutations it did.</summary>
    private int Vector512Lanes(ReadOnlySpan<uint> shingles, Span<uint> signature)
    {
        const int lanes = 8, width = 2 * lanes;
        var mask = Vector512.Create((ulong)uint.MaxValue);
        var done = _a.Length - _a.Length % width;
        for (var p = 0; p < done; p += width)
        {
            var (aLow0, aHigh0, b0) = (Vector512.Create<ulong>(_aLow.AsSpan(p)), Vector512.Create<ulong>(_aHigh.AsSpan(p)), Vector512.Create<ulong>(_b.AsSpan(p)));
            var (aLow1, aHigh1, b1) = (Vector512.Create<ulong>(_aLow.AsSpan(p + lanes)), Vector512.Create<ulong>(_aHigh.AsSpan(p + lanes)), Vector512.Create<ulong>(_b.AsSpan(p + lanes)));
            var (min0, min1) = (mask, mask);
            foreach (var shingle in shingles)
            {
                var h = Vector512.Create((ulong)shingle).AsUInt32();
                min0 = Vector512.Min(min0, Reduce(Avx512F.Multiply(aLow0.AsUInt32(), h), Avx512F.Multiply(aHigh0.AsUInt32(), h), b0) & mask);
                min1 = Vector512.Min(min1, Reduce(Avx512F.Multiply(aLow1.AsUInt32(), h), Avx512F.Multiply(aHigh1.AsUInt32(), h), b1) & mask);
            }
            for (var lane = 0; lane < lanes; lane++)
            {
                signature[p + lane] = (uint)min0[lane];
                signature[p + lanes + lane] = (uint)min1[lane];
            }
        }
        return done;
    }

    /// <summary>Four permutations a vector, two vectors a pass over the shingles; returns how many permutations it did.</summary>
    private int Vector256Lanes(ReadOnlySpan<uint> shingles, Span<uint> signature)
    {
        const int lanes = 4, width = 2 * lanes;
        var mask = Vector256.Create((ulong)uint.MaxValue);
        var done = _a.Length - _a.Length % width;
        for (var p = 0; p < done; p += width)
        {
            var (aLow0, aHigh0, b0) = (Vector256.Create<ulong>(_aLow.AsSpan(p)), Vector256.Create<ulong>(_aHigh.AsSpan(p)), Vector256.Create<ulong>(_b.AsSpan(p)));
            var (aLow1, aHigh1, b1) = (Vector256.Create<ulong>(_aLow.AsSpan(p + lanes)), Vector256.Create<ulong>(_aHigh.AsSpan(p + lanes)), Vector256.Create<ulong>(_b.AsSpan(p + lanes)));
            var (min0, min1) = (mask, mask);
            foreach (var shingle in shingles)
            {
                var h = Vector256.Create((ulong)shingle).AsUInt32();
                // The masked values are below 2^32, so the signed 64-bit minimum is the unsigned one.
                min0 = Vector256.Min(min0.AsInt64(), (Reduce(Avx2.Multiply(aLow0.AsUInt32(), h), Avx2.Multiply(aHigh0.AsUInt32(), h), b0) & mask).AsInt64()).AsUInt64();
                min1 = Vector256.Min(min1.AsInt64(), (Reduce(Avx2.Multiply(aLow1.AsUInt32(), h), Avx2.Multiply(aHigh1.AsUInt32(), h), b1) & mask).AsInt64()).AsUInt64();
            }
            for (var lane = 0; lane < lanes; lane++)
            {
                signature[p + lane] = (uint)min0[lane];
                signature[p + lanes + lane] = (uint)min1[lane];
            }
        }
        return done;
    }
}
