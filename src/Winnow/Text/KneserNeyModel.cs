namespace Winnow.Text;

/// <summary>
/// Interpolated modified Kneser–Ney n-gram model (Chen and Goodman 1998):
/// p_k(w | h) = max(a_k(hw) − D_k(a), 0)/T(h) + γ(h)·p_{k−1}(w | h′), γ(h) = (D1·N1(h) + D2·N2(h) + D3·N3+(h))/T(h),
/// where a_k are adjusted counts, h′ drops the oldest word of h, and a context never seen passes p_{k−1} through
/// unchanged. The recursion ends in the uniform distribution over the predicted vocabulary, which is what gives an
/// unseen word (&lt;unk&gt; or a word only the held-out row contained) a probability while every conditional
/// distribution still sums to exactly one.
/// </summary>
public sealed class KneserNeyModel
{
    private readonly Dictionary<long, int>[] _counts;
    private readonly Dictionary<long, ContextStats>[] _contexts;
    private readonly KneserNeyDiscounts[] _discounts;

    internal KneserNeyModel(int order, int bits, int predictedVocabulary, Dictionary<long, int>[] counts,
        Dictionary<long, ContextStats>[] contexts, KneserNeyDiscounts[] discounts, long trainingTokens)
    {
        Order = order;
        Bits = bits;
        PredictedVocabulary = predictedVocabulary;
        _counts = counts;
        _contexts = contexts;
        _discounts = discounts;
        TrainingTokens = trainingTokens;
    }

    public int Order { get; }

    public int Bits { get; }

    public int PredictedVocabulary { get; }

    public long TrainingTokens { get; }

    public KneserNeyDiscounts Discounts(int order) => _discounts[order - 1];

    /// <summary>Distinct n-grams stored per order (1..Order), for memory reports.</summary>
    public IReadOnlyList<int> NgramCounts => _counts.Select(c => c.Count).ToArray();

    /// <summary>Adjusted count of a packed n-gram of the given order (0 when absent).</summary>
    public int AdjustedCount(int order, long key) => _counts[order - 1].GetValueOrDefault(key);

    public ContextStats Stats(int order, long context) => _contexts[order - 1].GetValueOrDefault(context);

    /// <summary>Every stored n-gram of one order (1..Order) with its adjusted count, for flattening into other lookups.</summary>
    internal IReadOnlyDictionary<long, int> Counts(int order) => _counts[order - 1];

    /// <summary>Every context of one order (1..Order) with its totals.</summary>
    internal IReadOnlyDictionary<long, ContextStats> Contexts(int order) => _contexts[order - 1];

    /// <summary>p(word | history); <paramref name="history"/> holds the Order − 1 preceding ids (&lt;s&gt;-padded).</summary>
    public double Probability(ReadOnlySpan<int> history, int word, KneserNeyOverlay? overlay = null)
    {
        var p = 1.0 / PredictedVocabulary;
        for (var k = 1; k <= Order; k++)
        {
            var context = NgramKey.Pack(history[(history.Length - (k - 1))..], Bits);
            var stats = overlay?.Stats(k, context) ?? Stats(k, context);
            if (stats.Total == 0)
                continue;
            var key = NgramKey.Append(context, word, Bits);
            var count = overlay?.AdjustedCount(k, key) ?? AdjustedCount(k, key);
            var d = _discounts[k - 1];
            var gamma = (d.D1 * stats.N1 + d.D2 * stats.N2 + d.D3 * stats.N3) / stats.Total;
            p = Math.Max(count - d.For(count), 0) / stats.Total + gamma * p;
        }
        return p;
    }

    /// <summary>Natural-log probability of each unit of a sequence and of the closing &lt;/s&gt;.</summary>
    public double[] LogProbabilities(ReadOnlySpan<int> ids, KneserNeyOverlay? overlay = null)
    {
        var padded = new int[Order - 1 + ids.Length + 1];
        ids.CopyTo(padded.AsSpan(Order - 1));
        padded[^1] = LmVocabulary.End;
        var result = new double[ids.Length + 1];
        for (var i = Order - 1; i < padded.Length; i++)
            result[i - (Order - 1)] = Math.Log(Probability(padded.AsSpan(i - (Order - 1), Order - 1), padded[i], overlay));
        return result;
    }
}
