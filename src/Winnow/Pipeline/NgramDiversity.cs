using System.Collections.Concurrent;
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
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        // Rows are counted on every core, a block at a time, each thread into counts of its own that outlive the block
        // (and so does its memo of n-gram buckets). Counts are integers, so their sum does not depend on which thread
        // took which row.
        var tallies = new ConcurrentBag<Tally>();
        foreach (var block in rows.Chunk(512))
        {
            Parallel.For(0, block.Length, options,
                () => tallies.TryTake(out var tally) ? tally : new Tally(),
                (i, _, tally) =>
                {
                    tally.Add(block[i].Prompt + "\n" + block[i].Response);
                    return tally;
                },
                tallies.Add);
        }
        var counts = new double[HashedNgrams.DefaultBuckets];
        foreach (var tally in tallies)
        {
            for (var b = 0; b < counts.Length; b++)
                counts[b] += tally.Counts[b];
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

    /// <summary>One thread's bucket counts, with its bucketer (and memo) and its list of a row's buckets.</summary>
    private sealed class Tally
    {
        private readonly HashedNgramBucketer _bucketer = new();
        private readonly List<int> _found = [];

        public long[] Counts { get; } = new long[HashedNgrams.DefaultBuckets];

        public void Add(string text)
        {
            _found.Clear();
            _bucketer.Collect(text, _found);
            foreach (var bucket in _found)
                Counts[bucket]++;
        }
    }
}
