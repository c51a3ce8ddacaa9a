namespace Winnow.Scoring.Dsir;

/// <summary>
/// Bag-of-hashed-n-grams distribution of a dataset: summed bucket counts, normalised, with an optional Laplace
/// pseudo-count per bucket ((c + α)/(Σc + α·buckets)).
/// </summary>
public sealed class HashedDistribution
{
    private readonly long[] _counts;

    public HashedDistribution(int buckets) => _counts = new long[buckets];

    public long Total { get; private set; }

    public void Add(IEnumerable<KeyValuePair<int, int>> features)
    {
        foreach (var (bucket, count) in features)
        {
            _counts[bucket] += count;
            Total += count;
        }
    }

    public double[] Probabilities(double laplace)
    {
        var denominator = Total + laplace * _counts.Length;
        if (denominator <= 0)
            throw new InvalidOperationException("DSIR: a distribution over no n-grams (every text was empty)");
        return _counts.Select(c => (c + laplace) / denominator).ToArray();
    }
}
