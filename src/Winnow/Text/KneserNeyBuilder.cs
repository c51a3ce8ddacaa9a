namespace Winnow.Text;

/// <summary>
/// Streams token sequences into highest-order n-gram counts, then derives the interpolated modified Kneser–Ney
/// model. Each sequence is padded with order − 1 &lt;s&gt; on the left and one &lt;/s&gt; on the right, so every
/// lower-order n-gram that occurs is the suffix of some highest-order n-gram: the whole model follows from the
/// highest-order table alone.
/// </summary>
public sealed class KneserNeyBuilder
{
    private readonly Dictionary<long, int> _top = new(PackedKeyComparer.Instance);

    public KneserNeyBuilder(int order, int bits)
    {
        if (order < 1 || order * bits > 63)
            throw new ArgumentOutOfRangeException(nameof(order), $"order {order} with {bits}-bit ids does not fit a 63-bit key");
        Order = order;
        Bits = bits;
    }

    public int Order { get; }

    public int Bits { get; }

    public long Tokens { get; private set; }

    /// <summary>The highest-order counts: the whole content of the model (<see cref="Build"/> derives the rest), as saved to disk.</summary>
    public IReadOnlyDictionary<long, int> TopCounts => _top;

    /// <summary>A builder holding saved highest-order counts, so a saved model rebuilds to exactly the model that was fitted.</summary>
    public static KneserNeyBuilder Restore(int order, int bits, long tokens, IEnumerable<(long Key, int Count)> counts)
    {
        var builder = new KneserNeyBuilder(order, bits) { Tokens = tokens };
        foreach (var (key, count) in counts)
        {
            if (count < 1 || !builder._top.TryAdd(key, count))
                throw new InvalidDataException($"saved n-gram counts hold key {key} twice or with count {count}");
        }
        return builder;
    }

    public void Add(ReadOnlySpan<int> ids)
    {
        foreach (var key in NgramsOf(ids, Order, Bits))
            _top[key] = _top.GetValueOrDefault(key) + 1;
        Tokens += ids.Length + 1;
    }

    /// <summary>Packed highest-order n-grams of one padded sequence, one per predicted position (each unit and &lt;/s&gt;).</summary>
    public static List<long> NgramsOf(ReadOnlySpan<int> ids, int order, int bits)
    {
        var padded = new int[order - 1 + ids.Length + 1];
        ids.CopyTo(padded.AsSpan(order - 1));
        padded[^1] = LmVocabulary.End;
        var keys = new List<long>(ids.Length + 1);
        for (var i = order - 1; i < padded.Length; i++)
            keys.Add(NgramKey.Pack(padded.AsSpan(i - order + 1, order), bits));
        return keys;
    }

    /// <summary>
    /// Adjusted counts per order: raw counts at the highest order and for n-grams that begin with &lt;s&gt; (they
    /// have no left context), continuation counts N1+(• g) below; then per-context totals and the discounts.
    /// </summary>
    public KneserNeyModel Build(int predictedVocabulary, KneserNeyDiscounts? fixedDiscounts = null)
    {
        var counts = new Dictionary<long, int>[Order];
        counts[Order - 1] = _top;
        for (var k = Order - 1; k >= 1; k--)
        {
            var lower = new Dictionary<long, int>(PackedKeyComparer.Instance);
            foreach (var (key, value) in counts[k])
            {
                var suffix = NgramKey.Suffix(key, k, Bits);
                if (NgramKey.First(suffix, k, Bits) == LmVocabulary.Start)
                {
                    if (k > 1)
                        lower[suffix] = lower.GetValueOrDefault(suffix) + value;
                }
                else
                    lower[suffix] = lower.GetValueOrDefault(suffix) + 1;
            }
            counts[k - 1] = lower;
        }
        var contexts = new Dictionary<long, ContextStats>[Order];
        var discounts = new KneserNeyDiscounts[Order];
        var countOfCounts = new long[5];
        for (var k = 1; k <= Order; k++)
        {
            var stats = new Dictionary<long, ContextStats>(PackedKeyComparer.Instance);
            Array.Clear(countOfCounts);
            foreach (var (key, value) in counts[k - 1])
            {
                var context = NgramKey.Context(key, Bits);
                stats[context] = stats.GetValueOrDefault(context).Add(value, +1);
                if (value <= 4)
                    countOfCounts[value]++;
            }
            contexts[k - 1] = stats;
            discounts[k - 1] = fixedDiscounts ?? KneserNeyDiscounts.Estimate(countOfCounts[1], countOfCounts[2], countOfCounts[3], countOfCounts[4]);
        }
        return new KneserNeyModel(Order, Bits, predictedVocabulary, counts, contexts, discounts, Tokens);
    }
}
