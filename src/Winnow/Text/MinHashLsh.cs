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
        if (words.Count == 1)
            return [Hash32(words[0], null)];
        if (words.Count == 0)
            return [];
        var hashes = new uint[words.Count - 1];
        for (var i = 0; i + 1 < words.Count; i++)
            hashes[i] = Hash32(words[i], words[i + 1]);
        Array.Sort(hashes);
        var distinct = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (distinct == 0 || hashes[i] != hashes[distinct - 1])
                hashes[distinct++] = hashes[i];
        }
        return distinct == hashes.Length ? hashes : hashes[..distinct];
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
                var value = (uint)(Permute(_a[p], _b[p], h) & 0xFFFFFFFF);
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

    /// <summary>sha1_hash32 of "first second" (or of "first" alone), encoded as UTF-8 without a string in between.</summary>
    private static uint Hash32(string first, string? second)
    {
        var length = Encoding.UTF8.GetMaxByteCount(first.Length + 1 + (second?.Length ?? 0));
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        var used = Encoding.UTF8.GetBytes(first, buffer);
        if (second is not null)
        {
            buffer[used++] = (byte)' ';
            used += Encoding.UTF8.GetBytes(second, buffer[used..]);
        }
        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(buffer[..used], digest);
        return BinaryPrimitives.ReadUInt32LittleEndian(digest);
    }
}
