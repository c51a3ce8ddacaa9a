namespace Winnow.Text;

/// <summary>
/// IBM Model 1 word-translation table t(w | u) from instruction words u (plus NULL) to response words w, learnt
/// over the pool by EM (Brown et al. 1993). The first iteration starts from uniform t, where the expected count of
/// a pair in a row is c_w·c_u / (|S| + 1); every M-step keeps only the <c>top</c> most probable targets of each
/// source and renormalises, so memory is O(sources × top) after the first pass. That first pass is run in source
/// shards sized to a fixed budget of pair occurrences, so a large pool never holds its full co-occurrence table.
/// The pruned table is stored compressed by source (offsets, then targets sorted by id with their probabilities),
/// which makes later E-steps array walks of O(|S| × top) per row instead of hash lookups of O(|S| × |T|).
/// </summary>
public sealed class TranslationModel
{
    /// <summary>The empty source word every response word may also be explained by; id 0 (&lt;s&gt;) never occurs as a word.</summary>
    public const int Null = LmVocabulary.Start;

    private const long PairBudgetPerShard = 8_000_000;

    private readonly int[] _offsets;
    private readonly int[] _targets;
    private readonly double[] _probabilities;

    private TranslationModel(int[] offsets, int[] targets, double[] probabilities)
    {
        _offsets = offsets;
        _targets = targets;
        _probabilities = probabilities;
    }

    public int Entries => _targets.Length;

    public bool HasSource(int source) => source >= 0 && source < _offsets.Length - 1 && _offsets[source + 1] > _offsets[source];

    public double T(int target, int source)
    {
        if (!HasSource(source))
            return 0;
        var index = Array.BinarySearch(_targets, _offsets[source], _offsets[source + 1] - _offsets[source], target);
        return index >= 0 ? _probabilities[index] : 0;
    }

    /// <summary>
    /// p(w | I) = (t(w | NULL) + Σ_u c_u·t(w | u)) / (1 + Σ_u c_u) over the instruction words that have a table row:
    /// the IBM Model 1 likelihood of one response word, a distribution over targets.
    /// </summary>
    public double Probability(int target, BagOfIds sources) => Distribution(sources).GetValueOrDefault(target);

    /// <summary>Every target with non-zero p(w | I), computed in one walk over the instruction's table rows.</summary>
    public Dictionary<int, double> Distribution(BagOfIds sources)
    {
        var result = new Dictionary<int, double>();
        var n = 1 + sources.Total;
        AddRow(result, Null, 1.0 / n);
        for (var i = 0; i < sources.Ids.Length; i++)
            AddRow(result, sources.Ids[i], (double)sources.Counts[i] / n);
        return result;
    }

    /// <summary>Source bag of an instruction restricted to the words this table translates.</summary>
    public BagOfIds Sources(IEnumerable<int> instructionIds) => BagOfIds.From(instructionIds, id => id != Null && HasSource(id));

    /// <summary>
    /// Trains on (instruction, response) pairs. Source words in fewer than <paramref name="minSourceRows"/> rows get no
    /// table row: a word seen once would learn mostly its own row's response, which is leakage, not translation.
    /// </summary>
    public static TranslationModel Train(IReadOnlyList<(int[] Source, int[] Target)> pairs, int iterations, int top, int minSourceRows, CancellationToken cancellationToken)
    {
        if (iterations < 1 || top < 1)
            throw new ArgumentException("IBM Model 1 needs at least one iteration and one target per source");
        var rowsPerSource = new Dictionary<int, int>();
        var capacity = 1;
        foreach (var (source, target) in pairs)
        {
            foreach (var u in source.Distinct())
                rowsPerSource[u] = rowsPerSource.GetValueOrDefault(u) + 1;
            foreach (var id in source.Concat(target))
                capacity = Math.Max(capacity, id + 1);
        }
        var kept = rowsPerSource.Where(kv => kv.Value >= minSourceRows && kv.Key is not LmVocabulary.Unknown and not Null).Select(kv => kv.Key).ToHashSet();
        var bags = pairs.Select(p => (Source: BagOfIds.From(p.Source, kept.Contains), Target: BagOfIds.From(p.Target))).ToList();
        var model = FirstIteration(bags, top, capacity, cancellationToken);
        for (var iteration = 1; iteration < iterations; iteration++)
            model.Iterate(bags, capacity, cancellationToken);
        return model;
    }

    private void AddRow(Dictionary<int, double> result, int source, double weight)
    {
        if (!HasSource(source))
            return;
        for (var k = _offsets[source]; k < _offsets[source + 1]; k++)
            result[_targets[k]] = result.GetValueOrDefault(_targets[k]) + weight * _probabilities[k];
    }

    private static TranslationModel FirstIteration(List<(BagOfIds Source, BagOfIds Target)> bags, int top, int capacity, CancellationToken cancellationToken)
    {
        var occurrences = bags.Sum(b => (long)(b.Source.Ids.Length + 1) * b.Target.Ids.Length);
        var shards = (int)Math.Max(1, (occurrences + PairBudgetPerShard - 1) / PairBudgetPerShard);
        var rows = new List<(int Target, double Value)>[capacity];
        for (var shard = 0; shard < shards; shard++)
        {
            var counts = new Dictionary<long, double>(PackedKeyComparer.Instance);
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
                        Accumulate(counts, source.Ids[i], target.Ids[j], (double)source.Counts[i] * target.Counts[j] * share);
                }
            }
            foreach (var (key, value) in counts)
                (rows[(int)(key >> 32)] ??= []).Add(((int)key, value));
        }
        // M-step with pruning: each source keeps its `top` largest expected counts (ties: smaller target id), renormalised.
        var offsets = new int[capacity + 1];
        var targets = new List<int>();
        var probabilities = new List<double>();
        for (var source = 0; source < capacity; source++)
        {
            offsets[source] = targets.Count;
            if (rows[source] is not { } list)
                continue;
            list.Sort((a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : a.Target.CompareTo(b.Target));
            var keep = list.Take(top).OrderBy(e => e.Target).ToList();
            var total = keep.Sum(e => e.Value);
            foreach (var (target, value) in keep)
            {
                targets.Add(target);
                probabilities.Add(value / total);
            }
        }
        offsets[capacity] = targets.Count;
        return new TranslationModel(offsets, targets.ToArray(), probabilities.ToArray());
    }

    /// <summary>
    /// One EM iteration over the pruned table. E-step: the posterior that response word w came from source u
    /// (NULL included) is c_u·t(w|u) / Σ_v c_v·t(w|v); M-step: t(w|u) ∝ expected count, within u's kept targets.
    /// </summary>
    private void Iterate(List<(BagOfIds Source, BagOfIds Target)> bags, int capacity, CancellationToken cancellationToken)
    {
        var expected = new double[_targets.Length];
        var stamp = new int[capacity];
        var targetCount = new int[capacity];
        var denominator = new double[capacity];
        for (var r = 0; r < bags.Count; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (source, target) = bags[r];
            var mark = r + 1;
            for (var j = 0; j < target.Ids.Length; j++)
            {
                stamp[target.Ids[j]] = mark;
                targetCount[target.Ids[j]] = target.Counts[j];
                denominator[target.Ids[j]] = 0;
            }
            for (var i = -1; i < source.Ids.Length; i++)
            {
                var (u, cu) = i < 0 ? (Null, 1) : (source.Ids[i], source.Counts[i]);
                for (var k = _offsets[u]; k < _offsets[u + 1]; k++)
                    if (stamp[_targets[k]] == mark)
                        denominator[_targets[k]] += cu * _probabilities[k];
            }
            for (var i = -1; i < source.Ids.Length; i++)
            {
                var (u, cu) = i < 0 ? (Null, 1) : (source.Ids[i], source.Counts[i]);
                for (var k = _offsets[u]; k < _offsets[u + 1]; k++)
                {
                    var w = _targets[k];
                    if (stamp[w] == mark && denominator[w] > 0)
                        expected[k] += targetCount[w] * cu * _probabilities[k] / denominator[w];
                }
            }
        }
        for (var u = 0; u + 1 < _offsets.Length; u++)
        {
            double total = 0;
            for (var k = _offsets[u]; k < _offsets[u + 1]; k++)
                total += expected[k];
            if (total <= 0)
                continue;
            for (var k = _offsets[u]; k < _offsets[u + 1]; k++)
                _probabilities[k] = expected[k] / total;
        }
    }

    private static void Accumulate(Dictionary<long, double> counts, int source, int target, double value)
    {
        var key = ((long)source << 32) | (uint)target;
        counts[key] = counts.GetValueOrDefault(key) + value;
    }
}
