using System.Text;
using System.Text.Json;

namespace Winnow.Bench.Generation;

/// <summary>
/// A seeded, streaming generator of instruction rows shaped like the real files it was fitted on
/// (<see cref="SourceProfile"/>): several sources in set proportions, per-source length distributions, topical
/// text (each row draws a share of its words from one of its source's topics, so the pool has cluster structure and
/// the response shares words with its instruction), and planted duplicates — exact copies and near copies (one word
/// in 60 of the response replaced) of a uniformly chosen earlier row.
/// Row i is a pure function of (seed, i): nothing is held between rows, so any size streams in constant memory and
/// a duplicate is made by generating its original again.
/// </summary>
public sealed class GeneratedPool(IReadOnlyList<SourceProfile> sources, IReadOnlyList<double> weights, int seed)
{
    /// <summary>Share of rows that are exact copies of an earlier row.</summary>
    public const double ExactCopyShare = 0.03;

    /// <summary>Share of rows that are near copies of an earlier row.</summary>
    public const double NearCopyShare = 0.02;

    /// <summary>Topics per source; a row's topic words are drawn from ranks 50–4,049 of the source's vocabulary.</summary>
    public const int TopicsPerSource = 400;

    private const int TopicWords = 40;

    /// <summary>Share of a row's words drawn from its topic rather than from the whole vocabulary.</summary>
    internal const double TopicWordShare = 0.35;

    public enum Kind { Original, ExactCopy, NearCopy }

    public sealed record Row(int Source, string Instruction, string Input, string Output, Kind Kind);

    /// <summary>Row <paramref name="index"/> as text: the reference generator (<see cref="RankedRowGenerator"/> is its fast twin, which makes the same draws).</summary>
    public Row Generate(long index)
    {
        var random = new Random(Mix(seed, index));
        var draw = random.NextDouble();
        if (index > 0 && draw < ExactCopyShare + NearCopyShare)
        {
            var original = Generate(random.NextInt64(index));
            return draw < ExactCopyShare
                ? original with { Kind = Kind.ExactCopy }
                : original with { Output = Perturb(original.Output, sources[original.Source], random), Kind = Kind.NearCopy };
        }
        var source = PickSource(random.NextDouble());
        var profile = sources[source];
        var topic = Topic(source, random.Next(TopicsPerSource));
        var instruction = Text(profile, topic, profile.InstructionWords(random), random);
        var input = random.NextDouble() < profile.InputShare ? Text(profile, topic, profile.InputWords(random), random) : "";
        var output = Text(profile, topic, profile.ResponseWords(random), random);
        return new Row(source, instruction, input, output, Kind.Original);
    }

    /// <summary>The fitted sources, in the order of their weights.</summary>
    internal IReadOnlyList<SourceProfile> Sources => sources;

    internal int Seed => seed;

    /// <summary>
    /// Writes rows [0, rows) as Alpaca JSONL, one file per source (<c>&lt;source&gt;.jsonl</c>), and returns the files and
    /// the count of each planted kind. The fast path (<see cref="GeneratedJsonlWriter"/>); its files are byte-identical
    /// to <see cref="WriteJsonlReference"/>'s.
    /// </summary>
    public (IReadOnlyList<string> Files, long[] Kinds) WriteJsonl(long rows, string directory) =>
        new GeneratedJsonlWriter(this).Write(rows, Files(directory));

    /// <summary>The reference twin of <see cref="WriteJsonl"/>: each row from <see cref="Generate"/>, written with <see cref="Utf8JsonWriter"/>.</summary>
    public (IReadOnlyList<string> Files, long[] Kinds) WriteJsonlReference(long rows, string directory)
    {
        var files = Files(directory);
        var streams = files.Select(f => new BufferedStream(File.Create(f), 1 << 20)).ToArray();
        var kinds = new long[3];
        try
        {
            for (long i = 0; i < rows; i++)
            {
                var row = Generate(i);
                kinds[(int)row.Kind]++;
                var stream = streams[row.Source];
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartObject();
                    json.WriteString("instruction", row.Instruction);
                    json.WriteString("input", row.Input);
                    json.WriteString("output", row.Output);
                    json.WriteEndObject();
                }
                stream.WriteByte((byte)'\n');
            }
        }
        finally
        {
            foreach (var stream in streams)
                stream.Dispose();
        }
        return (files, kinds);
    }

    private string[] Files(string directory)
    {
        Directory.CreateDirectory(directory);
        return sources.Select(s => Path.Combine(directory, s.Name + ".jsonl")).ToArray();
    }

    internal int PickSource(double u)
    {
        var total = weights.Sum();
        double cumulative = 0;
        for (var s = 0; s < weights.Count; s++)
        {
            cumulative += weights[s] / total;
            if (u < cumulative)
                return s;
        }
        return weights.Count - 1;
    }

    private string[] Topic(int source, int topic) => TopicRanks(source, topic).Select(sources[source].WordAt).ToArray();

    /// <summary>The vocabulary ranks of one topic's words (<see cref="SourceProfile.WordAt"/> makes them words).</summary>
    internal int[] TopicRanks(int source, int topic)
    {
        var random = new Random(Mix(seed ^ (source + 1) * 7919, topic));
        var profile = sources[source];
        return Enumerable.Range(0, TopicWords).Select(_ => (50 + random.Next(Math.Max(1, Math.Min(4000, profile.VocabularySize - 50)))) % profile.VocabularySize).ToArray();
    }

    private static string Text(SourceProfile profile, string[] topic, int words, Random random)
    {
        var text = new StringBuilder(words * 6);
        for (var w = 0; w < words; w++)
        {
            if (w > 0)
                text.Append(' ');
            text.Append(random.NextDouble() < TopicWordShare ? topic[random.Next(topic.Length)] : profile.Word(random));
        }
        return text.ToString();
    }

    /// <summary>One word in 60 (at least one) replaced by another word of the source.</summary>
    private static string Perturb(string text, SourceProfile profile, Random random)
    {
        var words = text.Split(' ');
        var changes = Math.Max(1, words.Length / 60);
        for (var c = 0; c < changes; c++)
            words[random.Next(words.Length)] = profile.Word(random);
        return string.Join(' ', words);
    }

    /// <summary>SplitMix64 of (seed, index), folded to an int seed: neighbouring rows get unrelated streams.</summary>
    internal static int Mix(int seed, long index)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z ^ (z >> 32));
    }
}
