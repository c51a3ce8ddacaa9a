namespace Winnow.Bench.Generation;

/// <summary>
/// The fast twin of <see cref="GeneratedPool.Generate"/>: the same draws from the same per-row <see cref="Random"/>, in
/// the same order, but each field kept as the vocabulary ranks of its words (a generated text is its words joined by
/// single spaces, and no vocabulary word holds whitespace, so the ranks say the same thing). The topics are made once,
/// words are drawn through <see cref="SourceProfile.WordRank"/>, and the lists of a <see cref="RankedRow"/> are reused
/// row after row, so a row costs no strings. One instance per thread: only the topics are shared, and never written.
/// </summary>
internal sealed class RankedRowGenerator(GeneratedPool pool, int[][][] topics)
{
    /// <summary>Every topic's word ranks, by source and topic, for <see cref="RankedRowGenerator(GeneratedPool, int[][][])"/>.</summary>
    public static int[][][] Topics(GeneratedPool pool) =>
        Enumerable.Range(0, pool.Sources.Count)
            .Select(s => Enumerable.Range(0, GeneratedPool.TopicsPerSource).Select(t => pool.TopicRanks(s, t)).ToArray())
            .ToArray();

    /// <summary>Overwrites <paramref name="row"/> with row <paramref name="index"/>.</summary>
    public void Generate(long index, RankedRow row)
    {
        var random = new Random(GeneratedPool.Mix(pool.Seed, index));
        var draw = random.NextDouble();
        if (index > 0 && draw < GeneratedPool.ExactCopyShare + GeneratedPool.NearCopyShare)
        {
            Generate(random.NextInt64(index), row);
            if (draw < GeneratedPool.ExactCopyShare)
            {
                row.Kind = GeneratedPool.Kind.ExactCopy;
                return;
            }
            Perturb(row.Output, pool.Sources[row.Source], random);
            row.Kind = GeneratedPool.Kind.NearCopy;
            return;
        }
        var source = pool.PickSource(random.NextDouble());
        var profile = pool.Sources[source];
        var topic = topics[source][random.Next(GeneratedPool.TopicsPerSource)];
        row.Source = source;
        row.Kind = GeneratedPool.Kind.Original;
        Text(row.Instruction, profile, topic, profile.InstructionWords(random), random);
        row.Input.Clear();
        if (random.NextDouble() < profile.InputShare)
            Text(row.Input, profile, topic, profile.InputWords(random), random);
        Text(row.Output, profile, topic, profile.ResponseWords(random), random);
    }

    private static void Text(List<int> ranks, SourceProfile profile, int[] topic, int words, Random random)
    {
        ranks.Clear();
        for (var w = 0; w < words; w++)
            ranks.Add(random.NextDouble() < GeneratedPool.TopicWordShare ? topic[random.Next(topic.Length)] : profile.WordRank(random));
    }

    /// <summary>As the reference: one word in 60 (at least one) replaced, the position drawn before the word.</summary>
    private static void Perturb(List<int> ranks, SourceProfile profile, Random random)
    {
        var changes = Math.Max(1, ranks.Count / 60);
        for (var c = 0; c < changes; c++)
        {
            var position = random.Next(ranks.Count);
            ranks[position] = profile.WordRank(random);
        }
    }
}

/// <summary>One generated row as vocabulary ranks of its source (<see cref="RankedRowGenerator"/>); an empty input is no input.</summary>
internal sealed class RankedRow
{
    public int Source { get; set; }

    public GeneratedPool.Kind Kind { get; set; }

    public List<int> Instruction { get; } = new(256);

    public List<int> Input { get; } = new(256);

    public List<int> Output { get; } = new(1024);
}
