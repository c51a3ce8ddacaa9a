namespace Winnow.Text;

/// <summary>
/// MinHash signatures and LSH band keys, as SCAR's pre-step computes them (METHODS §5.3): shingles are word bigrams
/// of the lower-cased text, each hashed to 32 bits (first four bytes of SHA-1, little endian, as datasketch's
/// <c>sha1_hash32</c>); the permutations are h ↦ (a·h + b) mod (2^61 − 1), masked to 32 bits, with a and b drawn
/// from a seeded generator (the reference is unseeded, so not reproducible); the signature is cut into bands of equal
/// rows and each band hashed to one 64-bit key. Rows sharing a band key are candidates (<see cref="LshCandidates"/>),
/// and a candidate pair is confirmed on the exact Jaccard similarity of the two shingle sets. Words come from the
/// WordPunct tokeniser, where the reference uses NLTK's <c>word_tokenize</c>, so shingles differ on some punctuation.
/// The shingles come from <see cref="ShingleHasher"/> and the signature from <see cref="MinHashSignature"/>, fast paths
/// of the plain rules kept in <see cref="MinHashLshReference"/>.
/// </summary>
public sealed class MinHashLsh
{
    private const ulong MersennePrime = (1UL << 61) - 1;

    /// <summary>The least probability that automatic banding gives a pair at exactly the threshold of becoming a candidate.</summary>
    public const double AutoBandingRecall = 0.999;

    [ThreadStatic]
    private static ShingleHasher? _hasher;

    private readonly MinHashSignature _signature;

    public MinHashLsh(int permutations = 128, int bands = 16, int seed = 0)
    {
        if (permutations % bands != 0)
            throw new ArgumentException($"{permutations} permutations do not split into {bands} equal bands");
        Bands = bands;
        RowsPerBand = permutations / bands;
        var random = new SeededRandom(seed);
        A = new ulong[permutations];
        B = new ulong[permutations];
        for (var i = 0; i < permutations; i++)
        {
            A[i] = 1 + random.NextUInt64() % (MersennePrime - 1);
            B[i] = random.NextUInt64() % MersennePrime;
        }
        _signature = new MinHashSignature(A, B);
    }

    /// <summary>The multipliers a of the permutations h ↦ (a·h + b) mod (2^61 − 1), each in [1, 2^61 − 1).</summary>
    internal ulong[] A { get; }

    /// <summary>The offsets b of the permutations, each in [0, 2^61 − 1).</summary>
    internal ulong[] B { get; }

    public int Bands { get; }

    public int RowsPerBand { get; }

    /// <summary>
    /// Probability that a pair of Jaccard similarity <paramref name="jaccard"/> shares at least one of
    /// <paramref name="bands"/> band keys of <paramref name="rowsPerBand"/> rows: 1 − (1 − J^r)^b (a band agrees when
    /// all its r minima agree, each with probability J, and the bands are independent).
    /// </summary>
    public static double CandidateProbability(double jaccard, int bands, int rowsPerBand) =>
        1 - Math.Pow(1 - Math.Pow(jaccard, rowsPerBand), bands);

    /// <summary>
    /// The number of bands for <paramref name="permutations"/> that makes a pair at <paramref name="threshold"/> a
    /// candidate with probability at least <see cref="AutoBandingRecall"/> while comparing as few dissimilar pairs as
    /// possible: the most rows per band r (a divisor of the permutations, so every band is whole) for which
    /// 1 − (1 − t^r)^(permutations / r) ≥ 0.999. At 128 permutations: 16 bands at t = 0.9 or 0.95, 32 at 0.7 or 0.8,
    /// 64 at 0.5.
    /// </summary>
    public static int BandsFor(double threshold, int permutations)
    {
        for (var rows = permutations; rows >= 1; rows--)
        {
            if (permutations % rows == 0 && CandidateProbability(threshold, permutations / rows, rows) >= AutoBandingRecall)
                return permutations / rows;
        }
        throw new ArgumentException(FormattableString.Invariant(
            $"{permutations} permutations cannot find pairs at Jaccard {threshold} with probability {AutoBandingRecall} even one row per band; use more permutations"));
    }

    /// <summary>Sorted distinct 32-bit hashes of the text's word bigrams (a one-word text is its own shingle).</summary>
    public static uint[] Shingles(string text) => Hasher.Hash(text).ToArray();

    /// <summary>
    /// The hashes of <see cref="Shingles"/>, repeats included and unsorted (<see cref="ShingleHasher.HashEach"/>), in a
    /// buffer of the calling thread, valid until its next call: the first pass needs them only for the signature, which
    /// they give exactly as the set does, without the set's sort.
    /// </summary>
    internal static ReadOnlySpan<uint> ShingleHashesOf(string text) => Hasher.HashEach(text);

    private static ShingleHasher Hasher => _hasher ??= new ShingleHasher();

    /// <summary>Writes the <see cref="Bands"/> band keys of a non-empty shingle set into <paramref name="keys"/>.</summary>
    public void BandKeys(ReadOnlySpan<uint> shingles, Span<ulong> keys)
    {
        if (shingles.Length == 0)
            throw new ArgumentException("an empty shingle set has no signature; it is nobody's candidate");
        Span<uint> signature = stackalloc uint[A.Length];
        _signature.Compute(shingles, signature);
        KeysOfSignature(signature, keys);
    }

    /// <summary>The FNV-1a-style key of each band of <see cref="RowsPerBand"/> signature values.</summary>
    internal void KeysOfSignature(ReadOnlySpan<uint> signature, Span<ulong> keys)
    {
        for (var band = 0; band < Bands; band++)
            keys[band] = BandKey(signature.Slice(band * RowsPerBand, RowsPerBand));
    }

    public static double Jaccard(uint[] x, uint[] y)
    {
        var shared = Shared(x, y);
        var union = x.Length + y.Length - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>Shingles in one sorted set and not the other (the size of the symmetric difference).</summary>
    public static int Differing(uint[] x, uint[] y) => x.Length + y.Length - 2 * Shared(x, y);

    /// <summary>Shingles in both sorted, distinct sets.</summary>
    private static int Shared(uint[] x, uint[] y)
    {
        int i = 0, j = 0, shared = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
                i++;
            else
                j++;
        }
        return shared;
    }

    /// <summary>
    /// (a·h + b) mod (2^61 − 1) for a, b below 2^61, without a 128-bit division: 2^61 ≡ 1, so a·h (below 2^93) is
    /// congruent to its low 61 bits plus the bits above them (below 2^32), a sum below 2^62 that one more fold and a
    /// subtraction bring under the prime; adding b then needs at most one subtraction.
    /// </summary>
    internal static ulong Permute(ulong a, ulong b, uint h)
    {
        var high = Math.BigMul(a, h, out var low);
        var folded = (low & MersennePrime) + ((low >> 61) | (high << 3));
        folded = (folded & MersennePrime) + (folded >> 61);
        if (folded >= MersennePrime)
            folded -= MersennePrime;
        var sum = folded + b;
        return sum >= MersennePrime ? sum - MersennePrime : sum;
    }

    private static ulong BandKey(ReadOnlySpan<uint> band)
    {
        var hash = 1469598103934665603UL;
        foreach (var value in band)
            hash = (hash ^ value) * 1099511628211UL;
        return hash;
    }
}
