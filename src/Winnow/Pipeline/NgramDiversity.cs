using Winnow.Data;
using Winnow.Selection.Diversity;
using Winnow.Text;

namespace Winnow.Pipeline;

/// <summary>
/// Entropy-family diversity of a set of rows over hashed word n-grams (unigrams and bigrams in 10,000 buckets,
/// DSIR's features, METHODS §6.3) of each row's prompt and response: the n-gram distribution of the whole set is
/// summed, then Shannon (nats), Rényi of orders 0, 2 and ∞, Gini–Simpson and inverse Simpson are taken of it.
/// </summary>
public static class NgramDiversity
{
    public static SortedDictionary<string, double> Measure(IEnumerable<Sample> rows, CancellationToken cancellationToken)
    {
        var counts = new double[HashedNgrams.DefaultBuckets];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        // Rows are featurised on every core, a block at a time, and their counts added in row order, as one thread would.
        foreach (var block in rows.Chunk(512))
        {
            var features = new SortedDictionary<int, int>[block.Length];
            Parallel.For(0, block.Length, options, i => features[i] = HashedNgrams.Featurize(block[i].Prompt + "\n" + block[i].Response));
            foreach (var row in features)
            {
                foreach (var (bucket, count) in row)
                    counts[bucket] += count;
            }
        }
        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["shannon_entropy_ngrams"] = CategoricalDiversity.Shannon(counts),
            ["renyi0_ngrams"] = CategoricalDiversity.Renyi(counts, 0),
            ["renyi2_ngrams"] = CategoricalDiversity.Renyi(counts, 2),
            ["renyi_inf_ngrams"] = CategoricalDiversity.Renyi(counts, double.PositiveInfinity),
            ["gini_simpson_ngrams"] = CategoricalDiversity.GiniSimpson(counts),
            ["inverse_simpson_ngrams"] = CategoricalDiversity.InverseSimpson(counts),
        };
    }
}
