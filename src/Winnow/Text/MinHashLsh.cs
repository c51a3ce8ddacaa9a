using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Winnow.Text;

/// <summary>
/// Near-duplicate detection by MinHash and locality-sensitive hashing, as SCAR's pre-step does it (METHODS §5.3):
/// shingles are word bigrams of the lower-cased text, each hashed to 32 bits (first four bytes of SHA-1, little
/// endian, as datasketch's <c>sha1_hash32</c>); 128 permutations h ↦ (a·h + b) mod (2^61 − 1), masked to 32 bits,
/// with a and b drawn from a seeded generator (the reference is unseeded, so not reproducible); 16 bands of 8 rows.
/// Rows sharing a band bucket are candidates, and a candidate pair is a duplicate when the exact Jaccard similarity
/// of the two shingle sets reaches the threshold. Unlike the reference, no exhaustive O(n²) comparison follows:
/// LSH only, so large pools stay feasible. Words come from the WordPunct tokeniser, where the reference uses
/// NLTK's <c>word_tokenize</c>, so shingles differ on some punctuation.
/// </summary>
public sealed class MinHashLsh
{
    private const ulong MersennePrime = (1UL << 61) - 1;

    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly int _bands;
    private readonly int _rowsPerBand;
    private readonly List<uint[]> _shingles = [];

    // A bucket is a chain through the rows: _latest[band] maps a band key to the last row added under it, and
    // _previous[row · bands + band] to the row added before that one (-1: none). About 32 bytes per row and band,
    // where a list per bucket cost about 100.
    private readonly Dictionary<ulong, int>[] _latest;
    private readonly List<int> _previous = [];

    public MinHashLsh(int permutations = 128, int bands = 16, int seed = 0)
    {
        if (permutations % bands != 0)
            throw new ArgumentException($"{permutations} permutations do not split into {bands} equal bands");
        _bands = bands;
        _rowsPerBand = permutations / bands;
        _latest = Enumerable.Range(0, bands).Select(_ => new Dictionary<ulong, int>()).ToArray();
        var random = new SeededRandom(seed);
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        for (var i = 0; i < permutations; i++)
        {
            _a[i] = 1 + random.NextUInt64() % (MersennePrime - 1);
            _b[i] = random.NextUInt64() % MersennePrime;
        }
    }

    /// <summary>Number of rows added so far; rows are numbered in the order they were added.</summary>
    public int Count => _shingles.Count;

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

    /// <summary>Adds a row and returns the earlier rows that share at least one band bucket with it.</summary>
    public IReadOnlyCollection<int> AddAndFindCandidates(string text)
    {
        var row = _shingles.Count;
        var shingles = Shingles(text);
        _shingles.Add(shingles);
        var candidates = new HashSet<int>();
        if (shingles.Length == 0)
        {
            // Not in any bucket (as before: an empty row is nobody's candidate), but its chain slots exist.
            for (var band = 0; band < _bands; band++)
                _previous.Add(-1);
            return candidates;
        }
        var signature = Signature(shingles);
        for (var band = 0; band < _bands; band++)
        {
            var key = BandKey(signature.AsSpan(band * _rowsPerBand, _rowsPerBand));
            var latest = _latest[band].GetValueOrDefault(key, -1);
            for (var member = latest; member >= 0; member = _previous[member * _bands + band])
                candidates.Add(member);
            _previous.Add(latest);
            _latest[band][key] = row;
        }
        return candidates;
    }

    /// <summary>Forgets every row added (their shingles and buckets), keeping the permutations: as new.</summary>
    public void Clear()
    {
        _shingles.Clear();
        _shingles.TrimExcess();
        _previous.Clear();
        _previous.TrimExcess();
        foreach (var latest in _latest)
        {
            latest.Clear();
            latest.TrimExcess();
        }
    }

    /// <summary>Exact Jaccard similarity of two added rows' shingle sets (0 when both are empty).</summary>
    public double Jaccard(int first, int second) => Jaccard(_shingles[first], _shingles[second]);

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

    private uint[] Signature(uint[] shingles)
    {
        var signature = new uint[_a.Length];
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
        return signature;
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
