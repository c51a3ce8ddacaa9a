namespace Winnow.Text;

/// <summary>
/// The buckets of a text's <see cref="HashedNgrams"/> features, read without building its n-gram strings: tokens come
/// straight off the lower-cased text (<see cref="WordPunctClasses.NextToken"/>, the tokenizer's rule without its regex
/// and its token strings), each n-gram is laid out in one reused buffer, and an n-gram seen before takes its remembered
/// bucket instead of a second SHA-256: hashing every n-gram was most of the cost, and n-grams repeat (Zipf). Not
/// thread-safe: one instance per thread.
/// </summary>
public sealed class HashedNgramBucketer
{
    /// <summary>N-grams whose bucket is remembered (about 8 MB); later new ones are hashed every time they occur.</summary>
    private const int Remembered = 1 << 17;

    private readonly Dictionary<string, int> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int[] _starts = new int[256];
    private int[] _ends = new int[256];
    private char[] _ngram = new char[256];

    public HashedNgramBucketer(int buckets = HashedNgrams.DefaultBuckets, int order = HashedNgrams.DefaultOrder)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(order);
        Buckets = buckets;
        Order = order;
        _lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Buckets { get; }

    public int Order { get; }

    /// <summary>Appends the bucket of each of the text's features to <paramref name="into"/>: its unigrams in order, then its bigrams, up to n-grams of the order.</summary>
    public void Collect(string text, List<int> into)
    {
        var lower = text.ToLowerInvariant();
        var tokens = Tokenize(lower);
        for (var n = 1; n <= Order; n++)
        {
            for (var i = 0; i + n <= tokens; i++)
                into.Add(BucketOf(n == 1 ? lower.AsSpan(_starts[i], _ends[i] - _starts[i]) : Join(lower, i, n)));
        }
    }

    /// <summary>Maximal runs of word units or of other non-space units, as [start, end) in <c>_starts</c> and <c>_ends</c>.</summary>
    private int Tokenize(string lower)
    {
        var (tokens, i) = (0, 0);
        while (WordPunctClasses.NextToken(lower, ref i, out var start))
        {
            if (tokens == _starts.Length)
            {
                Array.Resize(ref _starts, 2 * tokens);
                Array.Resize(ref _ends, 2 * tokens);
            }
            (_starts[tokens], _ends[tokens]) = (start, i);
            tokens++;
        }
        return tokens;
    }

    /// <summary>Tokens i to i + n − 1 joined by single spaces.</summary>
    private ReadOnlySpan<char> Join(string lower, int i, int n)
    {
        var length = n - 1;
        for (var t = i; t < i + n; t++)
            length += _ends[t] - _starts[t];
        if (_ngram.Length < length)
            _ngram = new char[Math.Max(length, 2 * _ngram.Length)];
        var at = 0;
        for (var t = i; t < i + n; t++)
        {
            if (t > i)
                _ngram[at++] = ' ';
            lower.AsSpan(_starts[t], _ends[t] - _starts[t]).CopyTo(_ngram.AsSpan(at));
            at += _ends[t] - _starts[t];
        }
        return _ngram.AsSpan(0, length);
    }

    private int BucketOf(ReadOnlySpan<char> ngram)
    {
        if (_lookup.TryGetValue(ngram, out var bucket))
            return bucket;
        bucket = HashedNgrams.Bucket(ngram, Buckets);
        if (_known.Count < Remembered)
            _known.Add(new string(ngram), bucket);
        return bucket;
    }
}
