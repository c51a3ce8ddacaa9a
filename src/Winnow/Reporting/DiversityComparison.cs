using Winnow.Embedding;
using Winnow.Pipeline;

namespace Winnow.Reporting;

/// <summary>
/// Diversity of each selection next to the pool and next to random selections of the same size (one per seed, so the
/// table shows the range a selection must beat to be more diverse than chance). Metrics come from
/// <see cref="SelectionDiversity"/> on one shared k-means partition; each carries a one-line meaning and a direction.
/// </summary>
public static class DiversityComparison
{
    public const int RandomSeeds = 5;

    private static readonly (string Key, string Label, string Explanation, bool Higher)[] Shown =
    [
        ("vendi_cosine", "Vendi score (cosine)", "Effective number of distinct rows: exp of the entropy of the similarity matrix's eigenvalues.", true),
        ("shannon_entropy_clusters", "Shannon entropy of clusters (nats)", "How evenly rows spread over the k-means clusters; ln(k) when perfectly even.", true),
        ("renyi2_clusters", "Rényi-2 entropy of clusters (nats)", "Like Shannon but weighs the largest clusters more; low when a few clusters hold most rows.", true),
        ("inverse_simpson_clusters", "Inverse Simpson index", "Effective number of equally-sized clusters.", true),
        ("clusters_covered", "Clusters covered", "How many of the pool's k-means clusters have at least one row.", true),
        ("mean_5nn_cosine_distance", "Mean 5-NN cosine distance", "Average distance from a row to its 5 nearest neighbours in the same set; low means near-duplicates.", true),
        ("mean_pairwise_cosine_distance", "Mean pairwise cosine distance", "Average distance between two rows of the set; higher means more spread out.", true),
    ];

    /// <param name="selections">Per method, the embedding rows it selected.</param>
    /// <param name="poolGeometry">
    /// The pool's geometry figures when the run that kept these embeddings already measured them (its report.json, same
    /// embeddings, seed and 5,000-row sample): measuring them again is the report's most expensive step.
    /// </param>
    public static IReadOnlyList<DiversityRow> Build(EmbeddingMatrix embeddings, int[] labels, IReadOnlyList<IReadOnlyList<int>> selections, int seed, IReadOnlyDictionary<string, double>? poolGeometry, CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, embeddings.Rows).ToArray();
        var pool = poolGeometry is null ? SelectionDiversity.Measure(embeddings, all, labels, seed) : WithGeometry(SelectionDiversity.MeasureClusters(all, labels), poolGeometry);
        // Every set is measured on its own (results do not depend on the order), so the sets run in parallel.
        var sizes = selections.Select(s => s.Count).Distinct().ToList();
        IReadOnlyList<int>[] sets = [.. selections, .. sizes.SelectMany(size => Enumerable.Range(1, RandomSeeds).Select(s => (IReadOnlyList<int>)RandomRows(embeddings.Rows, size, seed + s)))];
        var measured = new SortedDictionary<string, double>[sets.Length];
        Parallel.For(0, sets.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => measured[i] = SelectionDiversity.Measure(embeddings, sets[i], labels, seed));
        var methods = measured[..selections.Count];
        var randomBySize = sizes.Select((size, k) => (size, k)).ToDictionary(x => x.size, x => measured.Skip(selections.Count + x.k * RandomSeeds).Take(RandomSeeds).ToList());
        return Shown.Where(m => pool.ContainsKey(m.Key)).Select(m => new DiversityRow(
            m.Label, m.Explanation, m.Higher, pool[m.Key],
            methods.Select(x => x[m.Key]).ToList(),
            selections.Select(s => (randomBySize[s.Count].Min(r => r[m.Key]), randomBySize[s.Count].Max(r => r[m.Key]))).ToList())).ToList();
    }

    private static SortedDictionary<string, double> WithGeometry(SortedDictionary<string, double> clusters, IReadOnlyDictionary<string, double> geometry)
    {
        foreach (var (key, value) in clusters.Where(kv => double.IsNaN(kv.Value)).ToList())
            clusters[key] = geometry.GetValueOrDefault(key, value);
        return clusters;
    }

    private static int[] RandomRows(int n, int size, int seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        new SeededRandom(seed).Shuffle(order.AsSpan());
        return order.Take(Math.Min(size, n)).Order().ToArray();
    }
}
