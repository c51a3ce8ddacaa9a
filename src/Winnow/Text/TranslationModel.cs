namespace Winnow.Text;

/// <summary>
/// IBM Model 1 word-translation table t(w | u) from instruction words u (plus NULL) to response words w, learnt
/// over the pool by EM (Brown et al. 1993). The first iteration starts from uniform t, where the expected count of
/// a pair in a row is c_w·c_u / (|S| + 1); every M-step keeps only the <c>top</c> most probable targets of each
/// source and renormalises, so memory is O(sources × top) after the first pass. That first pass is run in source
/// shards sized to a fixed budget of pair occurrences, so a large pool never holds its full co-occurrence table.
/// </summary>
public sealed class TranslationModel
{
    /// <summary>The empty source word every response word may also be explained by; id 0 (&lt;s&gt;) never occurs as a word.</summary>
    public const int Null = LmVocabulary.Start;

    private const long PairBudgetPerShard = 8_000_000;

    private readonly Dictionary<long, double> _table;
    private readonly HashSet<int> _sources;

    private TranslationModel(Dictionary<long, double> table, HashSet<int> sources)
    {
        _table = table;
        _sources = sources;
    }

    public int Entries => _table.Count;

    public bool HasSource(int source) => _sources.Contains(source);

    public double T(int target, int source) => _table.GetValueOrDefault(Key(source, target));

    /// <summary>
    /// p(w | I) = (t(w | NULL) + Σ_u c_u·t(w | u)) / (1 + Σ_u c_u) over the instruction words that have a table row:
    /// the IBM Model 1 likelihood of one response word, a distribution over targets.
    /// </summary>
    public double Probability(int target, BagOfIds sources)
    {
        double sum = T(target, Null);
        var n = 1;
        for (var i = 0; i < sources.Ids.Length; i++)
        {
            sum += sources.Counts[i] * T(target, sources.Ids[i]);
            n += sources.Counts[i];
        }
        return sum / n;
    }

    /// <summary>Source bag of an instruction restricted to the words this table translates.</summary>
    public BagOfIds Sources(IEnumerable<int> instructionIds) => BagOfIds.From(instructionIds, HasSource);

    /// <summary>
    /// Trains on (instruction, response) pairs. Source words in fewer than <paramref name="minSourceRows"/> rows get no
    /// table row: a word seen once would learn mostly its own row's response, which is leakage, not translation.
    /// </summary>
    public static TranslationModel Train(IReadOnlyList<(int[] Source, int[] Target)> pairs, int iterations, int top, int minSourceRows, CancellationToken cancellationToken)
    {
        if (iterations < 1 || top < 1)
            throw new ArgumentException("IBM Model 1 needs at least one iteration and one target per source");
        var rowsPerSource = new Dictionary<int, int>();
        foreach (var (source, _) in pairs)
            foreach (var u in source.Distinct())
                rowsPerSource[u] = rowsPerSource.GetValueOrDefault(u) + 1;
        var sources = rowsPerSource.Where(kv => kv.Value >= minSourceRows && kv.Key != LmVocabulary.Unknown).Select(kv => kv.Key).ToHashSet();
        var bags = pairs.Select(p => (Source: BagOfIds.From(p.Source, sources.Contains), Target: BagOfIds.From(p.Target))).ToList();
        var table = FirstIteration(bags, top, cancellationToken);
        for (var iteration = 1; iteration < iterations; iteration++)
            table = NextIteration(bags, table, cancellationToken);
        sources.Add(Null);
        return new TranslationModel(table, sources);
    }

    private static Dictionary<long, double> FirstIteration(List<(BagOfIds Source, BagOfIds Target)> bags, int top, CancellationToken cancellationToken)
    {
        long occurrences = bags.Sum(b => (long)(b.Source.Ids.Length + 1) * b.Target.Ids.Length);
        var shards = (int)Math.Max(1, (occurrences + PairBudgetPerShard - 1) / PairBudgetPerShard);
        var table = new Dictionary<long, double>();
        for (var shard = 0; shard < shards; shard++)
        {
            var counts = new Dictionary<long, double>();
            foreach (var (source, target) in bags)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var share = 1.0 / (source.Total + 1);
                if (Null % shards == shard)
                    for (var j = 0; j < target.Ids.Length; j++)
                        Accumulate(counts, Null, target.Ids[j], target.Counts[j] * share);
                for (var i = 0; i < source.Ids.Length; i++)
                {
                    if (source.Ids[i] % shards != shard)
                        continue;
                    for (var j = 0; j < target.Ids.Length; j++)
                        Accumulate(counts, source.Ids[i], target.Ids[j], source.Counts[i] * target.Counts[j] * share);
                }
            }
            foreach (var (key, value) in NormalisePruned(counts, top))
                table[key] = value;
        }
        return table;
    }

    private static Dictionary<long, double> NextIteration(List<(BagOfIds Source, BagOfIds Target)> bags, Dictionary<long, double> table, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<long, double>(table.Count);
        double[] weights = [];
        foreach (var (source, target) in bags)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (weights.Length < source.Ids.Length + 1)
                weights = new double[source.Ids.Length + 1];
            for (var j = 0; j < target.Ids.Length; j++)
            {
                var w = target.Ids[j];
                // E-step: the posterior that w was produced by each source word (NULL last) is proportional to c_u·t(w|u).
                double denominator = 0;
                for (var i = 0; i < source.Ids.Length; i++)
                    denominator += weights[i] = source.Counts[i] * table.GetValueOrDefault(Key(source.Ids[i], w));
                denominator += weights[source.Ids.Length] = table.GetValueOrDefault(Key(Null, w));
                if (denominator == 0)
                    continue;
                var scale = target.Counts[j] / denominator;
                for (var i = 0; i < source.Ids.Length; i++)
                    if (weights[i] > 0)
                        Accumulate(counts, source.Ids[i], w, weights[i] * scale);
                if (weights[source.Ids.Length] > 0)
                    Accumulate(counts, Null, w, weights[source.Ids.Length] * scale);
            }
        }
        return NormalisePruned(counts, int.MaxValue);
    }

    /// <summary>M-step: keep each source's <paramref name="top"/> largest expected counts (ties by target id) and renormalise them.</summary>
    private static Dictionary<long, double> NormalisePruned(Dictionary<long, double> counts, int top)
    {
        var result = new Dictionary<long, double>();
        foreach (var group in counts.GroupBy(kv => (int)(kv.Key >> 32)))
        {
            var kept = group.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(top).ToList();
            var total = kept.Sum(kv => kv.Value);
            foreach (var (key, value) in kept)
                result[key] = value / total;
        }
        return result;
    }

    private static void Accumulate(Dictionary<long, double> counts, int source, int target, double value)
    {
        var key = Key(source, target);
        counts[key] = counts.GetValueOrDefault(key) + value;
    }

    private static long Key(int source, int target) => ((long)source << 32) | (uint)target;
}
