using System.Text;

namespace Winnow.Text;

/// <summary>
/// DSIR's hashed n-gram features (METHODS §6.3, p-lambda/dsir): lower-cased WordPunct tokens, their unigrams and
/// the n-grams up to <c>order</c> joined by single spaces, each counted in bucket
/// int(sha256(utf8(ngram)).hexdigest(), 16) mod buckets. The digest is read as one big-endian 256-bit integer and
/// reduced byte by byte (r ← (256·r + b) mod m), which equals Python's big-integer modulo exactly.
/// </summary>
public static class HashedNgrams
{
    public const int DefaultBuckets = 10_000;
    public const int DefaultOrder = 2;

    [ThreadStatic]
    private static HashedNgramBucketer? _bucketer;

    [ThreadStatic]
    private static List<int>? _found;

    /// <summary>Bucket counts of a text, as (bucket, count) pairs sorted by bucket (this thread's <see cref="HashedNgramBucketer"/> finds them).</summary>
    public static SortedDictionary<int, int> Featurize(string text, int buckets = DefaultBuckets, int order = DefaultOrder)
    {
        var bucketer = _bucketer is { } kept && kept.Buckets == buckets && kept.Order == order ? kept : _bucketer = new HashedNgramBucketer(buckets, order);
        var found = _found ??= [];
        found.Clear();
        bucketer.Collect(text, found);
        var counts = new SortedDictionary<int, int>();
        foreach (var bucket in found)
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
        return counts;
    }

    public static int Bucket(ReadOnlySpan<char> ngram, int buckets)
    {
        var most = Encoding.UTF8.GetMaxByteCount(ngram.Length);
        Span<byte> utf8 = most <= 256 ? stackalloc byte[256] : new byte[most];
        var length = Encoding.UTF8.GetBytes(ngram, utf8);
        Span<uint> digest = stackalloc uint[8];
        Sha256Digest.Of(utf8[..length], digest);
        // Four bytes at a time: r < buckets < 2³¹, so 2³²·r + word fits in 64 bits, and each step equals four byte steps.
        ulong remainder = 0;
        foreach (var word in digest)
            remainder = ((remainder << 32) | word) % (ulong)buckets;
        return (int)remainder;
    }

    /// <summary>
    /// DSIR's length estimate from a feature vector: (Σ counts + n(n − 1)/2) // n. With unigrams and bigrams a text of
    /// L ≥ 1 tokens has 2L − 1 features, so the estimate recovers L.
    /// </summary>
    public static long EstimatedLength(long featureTotal, int order = DefaultOrder) =>
        (featureTotal + order * (order - 1) / 2) / order;
}
