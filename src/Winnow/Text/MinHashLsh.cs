using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Winnow.Text;

/// <summary>
/// MinHash signatures and LSH band keys, as SCAR's pre-step computes them (METHODS §5.3): shingles are word bigrams
/// of the lower-cased text, each hashed to 32 bits (first four bytes of SHA-1, little endian, as datasketch's
/// <c>sha1_hash32</c>); the permutations are h ↦ (a·h + b) mod (2^61 − 1), masked to 32 bits, with a and b drawn
/// from a seeded generator (the reference is unseeded, so not reproducible); the signature is cut into bands of equal
/// rows and each band hashed to one 64-bit key. Rows sharing a band key are candidates (<see cref="LshCandidates"/>),
/// and a candidate pair is confirmed on the exact Jaccard similarity of the two shingle sets. Words come from the
/// WordPunct tokeniser, where the reference uses NLTK's <c>word_tokenize</c>, so shingles differ on some punctuation.
/// </summary>
public sealed class MinHashLsh
{
    private const ulong MersennePrime = (1UL << 61) - 1;

    /// <summary>The least probability that automatic banding gives a pair at exactly the threshold of becoming a candidate.</summary>
    public const double AutoBandingRecall = 0.999;

    private readonly ulong[] _a;
    private readonly ulong[] _b;

    public MinHashLsh(int permutations = 128, int bands = 16, int seed = 0)
    {
        if (permutations % bands != 0)
            throw new ArgumentException($"{permutations} permutations do not split into {bands} equal bands");
        Bands = bands;
        RowsPerBand = permutations / bands;
        var random = new SeededRandom(seed);
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        for (var i = 0; i < permutations; i++)
        {
            _a[i] = 1 + random.NextUInt64() % (MersennePrime - 1);
            _b[i] = random.NextUInt64() % MersennePrime;
        }
    }

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
    public static uint[] Shingles(string text)
    {
        var words = WordPunctTokenizer.Tokenize(text.ToLowerInvariant());
        var shingles = new SortedSet<uint>();
        if (words.Count == 1)
            shingles.Add(Hash32(words[0]));
        for (var i = 0; i + 1 < words.Count; i++)
            shingles.Add(Hash32(words[i] + " " + words[i + 1]));
        return [.. shingles];
    }

    /// <summary>Writes the <see cref="Bands"/> band keys of a non-empty shingle set into <paramref name="keys"/>.</summary>
    public void BandKeys(uint[] shingles, Span<ulong> keys)
    {
        if (shingles.Length == 0)
            throw new ArgumentException("an empty shingle set has no signature; it is nobody's candidate");
        Span<uint> signature = stackalloc uint[_a.Length];
        for (var p = 0; p < _a.Length; p++)
        {
            var min = uint.MaxValue;
            foreach (var h in shingles)
            {
                // a·h mod p and b are both below 2^61, so their sum fits in 64 bits.
                var value = (uint)((MulMod(_a[p], h) + _b[p]) % MersennePrime & 0xFFFFFFFF);
                if (value < min)
                    min = value;
            }
            signature[p] = min;
        }
        for (var band = 0; band < Bands; band++)
            keys[band] = BandKey(signature.Slice(band * RowsPerBand, RowsPerBand));
    }

    public static double Jaccard(uint[] x, uint[] y)
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
        var union = x.Length + y.Length - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    private static ulong MulMod(ulong a, uint h) => (ulong)((UInt128)a * h % MersennePrime);

    private static ulong BandKey(ReadOnlySpan<uint> band)
    {
        var hash = 1469598103934665603UL;
        foreach (var value in band)
            hash = (hash ^ value) * 1099511628211UL;
        return hash;
    }

    private static uint Hash32(string shingle) => BinaryPrimitives.ReadUInt32LittleEndian(SHA1.HashData(Encoding.UTF8.GetBytes(shingle)));
}
