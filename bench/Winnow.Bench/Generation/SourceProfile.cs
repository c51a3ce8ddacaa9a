using Winnow.Data;

namespace Winnow.Bench.Generation;

/// <summary>
/// What the generator copies from one real file: the empirical word-count distribution of its instructions, inputs
/// and responses (sampled by inverse CDF, so every quantile of the generated lengths follows the file's), the share of
/// rows with an input, and its word vocabulary with frequencies (the generated text is drawn from it, so character and
/// word statistics stay those of the real source). Nothing of the rows themselves is copied.
/// </summary>
public sealed class SourceProfile
{
    private readonly int[] _instructionWords;
    private readonly int[] _inputWords;
    private readonly int[] _responseWords;
    private readonly string[] _vocabulary;
    private readonly double[] _cumulative;

    // _guide[k] is the first rank whose cumulative share is at least k / GuideBuckets: a draw u in bucket k lies in
    // [k / B, (k + 1) / B) exactly (B is a power of two, so u * B and k / B are exact), and its rank in
    // [_guide[k], _guide[k + 1]], so WordRank scans a few ranks from there instead of a binary search over the vocabulary.
    private const int GuideBuckets = 1 << 14;
    private readonly int[] _guide;

    private SourceProfile(string name, int[] instruction, int[] input, int[] response, double inputShare, string[] vocabulary, double[] cumulative)
    {
        Name = name;
        _instructionWords = instruction;
        _inputWords = input;
        _responseWords = response;
        InputShare = inputShare;
        _vocabulary = vocabulary;
        _cumulative = cumulative;
        _guide = new int[GuideBuckets + 1];
        var rank = 0;
        for (var k = 0; k <= GuideBuckets; k++)
        {
            while (rank < cumulative.Length - 1 && cumulative[rank] < (double)k / GuideBuckets)
                rank++;
            _guide[k] = rank;
        }
    }

    /// <summary>The source name: the real file's name without extension.</summary>
    public string Name { get; }

    public double InputShare { get; }

    public int VocabularySize => _vocabulary.Length;

    /// <summary>Reads <paramref name="path"/> (any format Winnow reads) and keeps its length distributions and word counts.</summary>
    public static SourceProfile Fit(string path)
    {
        var instruction = new List<int>();
        var input = new List<int>();
        var response = new List<int>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var outcome in DatasetReader.Read(path))
        {
            var row = outcome.Sample ?? throw new InvalidDataException($"{path}: {outcome.Error}");
            rows++;
            instruction.Add(Count(row.Instruction, counts));
            if (row.Input.Length > 0)
                input.Add(Count(row.Input, counts));
            response.Add(Count(row.Response, counts));
        }
        if (rows == 0 || counts.Count == 0)
            throw new InvalidDataException($"{path}: no rows with words to fit a length profile on");
        // Most frequent first, ties by word: the order (and so every generated row) does not depend on hashing.
        var words = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray();
        var cumulative = new double[words.Length];
        double total = 0;
        for (var i = 0; i < words.Length; i++)
            cumulative[i] = total += words[i].Value;
        for (var i = 0; i < cumulative.Length; i++)
            cumulative[i] /= total;
        instruction.Sort();
        input.Sort();
        response.Sort();
        return new SourceProfile(Path.GetFileNameWithoutExtension(path), [.. instruction], [.. input], [.. response], (double)input.Count / rows, words.Select(w => w.Key).ToArray(), cumulative);
    }

    public int InstructionWords(Random random) => Quantile(_instructionWords, random.NextDouble());

    public int InputWords(Random random) => Quantile(_inputWords, random.NextDouble());

    public int ResponseWords(Random random) => Quantile(_responseWords, random.NextDouble());

    /// <summary>A word drawn with its frequency in the real file (the reference draw: a binary search; <see cref="WordRank"/> is the fast twin).</summary>
    public string Word(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return _vocabulary[Math.Min(index < 0 ? ~index : index, _vocabulary.Length - 1)];
    }

    /// <summary>
    /// The rank of the word <see cref="Word"/> draws from the same state of <paramref name="random"/>: the first rank
    /// whose cumulative share is at least the draw (the cumulative shares strictly increase, so that is the rank the
    /// binary search finds), found from the guide table.
    /// </summary>
    public int WordRank(Random random)
    {
        var u = random.NextDouble();
        var rank = _guide[(int)(u * GuideBuckets)];
        while (rank < _cumulative.Length - 1 && _cumulative[rank] < u)
            rank++;
        return rank;
    }

    /// <summary>The word of the given frequency rank (0 = most frequent), for topic vocabularies.</summary>
    public string WordAt(int rank) => _vocabulary[rank % _vocabulary.Length];

    /// <summary>The p-quantile of the real file's word counts for one field, linear between order statistics (at least 1 word).</summary>
    public static int Quantile(int[] sorted, double p)
    {
        if (sorted.Length == 0)
            return 1;
        var position = p * (sorted.Length - 1);
        var low = (int)position;
        var high = Math.Min(low + 1, sorted.Length - 1);
        return Math.Max(1, (int)Math.Round(sorted[low] + (position - low) * (sorted[high] - sorted[low])));
    }

    /// <summary>The quantiles (10, 50, 90, 99 %) of the real instruction and response word counts, for the results table.</summary>
    public (int[] Instruction, int[] Response) RealQuantiles()
    {
        double[] ps = [0.1, 0.5, 0.9, 0.99];
        return (ps.Select(p => Quantile(_instructionWords, p)).ToArray(), ps.Select(p => Quantile(_responseWords, p)).ToArray());
    }

    private static int Count(string text, Dictionary<string, int> counts)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
            counts[word] = counts.GetValueOrDefault(word) + 1;
        return words.Length;
    }
}
