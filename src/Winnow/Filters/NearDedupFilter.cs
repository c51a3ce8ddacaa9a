using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Winnow.Components;
using Winnow.Data;
using Winnow.Text;

namespace Winnow.Filters;

/// <summary>
/// <c>near-dedup</c>: SCAR's MinHash-LSH near-deduplication of "instruction response" over word bigrams (see
/// <see cref="MinHashLsh"/>), or with <c>include_input</c> of "prompt response" (instruction and input), which keeps
/// rows that share a templated instruction and answer but differ in their input. A row whose exact word-bigram
/// Jaccard similarity with an earlier kept candidate reaches the threshold is set aside as <c>near-duplicate</c>,
/// pointing at the first such row; of each group of near-copies the first row stays.
/// Two passes, so that no row's shingles are held through the read: the first keeps only each row's band keys
/// (8 bytes a band) and turns them into candidate pairs (<see cref="LshCandidates"/>); the second recomputes the
/// shingles of the rows in some pair only, holds each from its first pair to its last, and confirms the pairs in
/// pool order. The decisions are those of checking each row against its earlier candidates as it is read.
/// With <c>same_prompt_max_diff</c>, a candidate pair with the same prompt (the text shingled before the response) is
/// also a near-copy when the two bigram sets differ in at most that many bigrams: one word dropped, doubled or
/// inserted in a response changes at most 6 (4 gone and 2 new when the word sat between punctuation, which then
/// merges into one token), and in a short row those few bigrams are enough to take the Jaccard below a threshold that
/// suits long rows (a ten-word answer under a 37-bigram prompt: 44 shared of 49, 0.898).
/// </summary>
[Component("near-dedup", "SCAR's MinHash-LSH near-deduplication: sets aside rows whose word-bigram Jaccard with an earlier kept row reaches threshold")]
[Param("threshold", ParamType.Number, "exact Jaccard similarity of word bigrams at which a candidate row is a near-copy", Default = "0.5", Min = 0, MinExclusive = true, Max = 1)]
[Param("permutations", ParamType.Int, "MinHash permutations (a multiple of bands)", Default = "128", Min = 1)]
[Param("bands", ParamType.Int, "LSH bands; 0 chooses them from the threshold: the fewest for which a pair at the threshold is a candidate with probability ≥ 0.999 (16 at 0.9, 32 at 0.7–0.8, 64 at 0.5 with 128 permutations)", Default = "0", Min = 0)]
[Param("seed", ParamType.Int, "seed of the MinHash permutations", Default = "0")]
[Param("include_input", ParamType.Bool, "shingle the Alpaca input with the instruction (SCAR leaves it out)", Default = "false")]
[Param("same_prompt_max_diff", ParamType.Int, "also a near-copy: a candidate with the same prompt whose word bigrams differ in at most this many (6 covers one word dropped or added in the response); 0 is off, as SCAR", Default = "0", Min = 0)]
[Needs(Text = "instruction and response")]
public sealed class NearDedupFilter : IPoolRowFilter
{
    /// <summary>Rows keyed together by one core in the first pass.</summary>
    private const int KeyBlockRows = 64;

    private readonly MinHashLsh _lsh;
    private readonly double _threshold;
    private readonly bool _includeInput;
    private readonly int _samePromptMaxDiff;

    private NearDedupFilter(double threshold, int permutations, int bands, int seed, bool includeInput, int samePromptMaxDiff)
    {
        _threshold = threshold;
        _includeInput = includeInput;
        _samePromptMaxDiff = samePromptMaxDiff;
        _lsh = new MinHashLsh(permutations, bands, seed);
        Settings = new Dictionary<string, string>
        {
            ["threshold"] = threshold.ToString("R", CultureInfo.InvariantCulture),
            ["permutations"] = permutations.ToString(CultureInfo.InvariantCulture),
            ["bands"] = bands.ToString(CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["include_input"] = includeInput ? "true" : "false",
            ["same_prompt_max_diff"] = samePromptMaxDiff.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static NearDedupFilter Create(Parameters p)
    {
        var (threshold, permutations, bands) = (p.GetDouble("threshold"), p.GetInt("permutations"), p.GetInt("bands"));
        if (bands == 0)
            bands = MinHashLsh.BandsFor(threshold, permutations);
        else if (permutations % bands != 0)
            throw new ArgumentException($"near-dedup: permutations ({permutations}) must be a multiple of bands ({bands})");
        return new NearDedupFilter(threshold, permutations, bands, p.GetInt("seed"), p.GetBool("include_input"), p.GetInt("same_prompt_max_diff"));
    }

    public string Name => Declared.Name<NearDedupFilter>();

    /// <summary>The decision code of the rows it sets aside.</summary>
    public const string DecisionCode = "near-duplicate";

    public string Code => DecisionCode;

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Probability that a pair at exactly the threshold shares a band, so that it is compared at all.</summary>
    public double RecallAtThreshold => MinHashLsh.CandidateProbability(_threshold, _lsh.Bands, _lsh.RowsPerBand);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"sets aside near-duplicates (MinHash-LSH over word bigrams of {(_includeInput ? "instruction, input" : "instruction")} and response, {_lsh.Bands} bands of {_lsh.RowsPerBand}: a pair at the threshold is compared with probability {RecallAtThreshold:F4}; Jaccard ≥ {_threshold}{(_samePromptMaxDiff > 0 ? $", or the same prompt and at most {_samePromptMaxDiff} bigrams differing" : "")})");

    public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken) =>
        Decide(rows, IPoolRowFilter.FromWholePasses(rows), cancellationToken);

    /// <summary>The first pass keys every row; the second reads only the rows in some candidate pair.</summary>
    public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, Func<IReadOnlyList<long>, IEnumerable<Sample>> some, CancellationToken cancellationToken)
    {
        var indices = new List<long>();
        var pairs = CandidatePairs(rows, indices, cancellationToken);
        return pairs.Length == 0 ? [] : Confirm(some, indices, pairs, cancellationToken);
    }

    private string Prompt(Sample row) => _includeInput ? row.Prompt : row.Instruction;

    private string Text(Sample row) => Prompt(row) + " " + row.Response;

    /// <summary>
    /// The first pass: every row's band keys, then the pairs of rows sharing one (later · 2^32 + earlier, sorted, by
    /// ordinal in the pass); <paramref name="indices"/> receives each ordinal's row index (8 bytes a row), so the second
    /// pass can ask for the rows in some pair by index.
    /// </summary>
    internal ulong[] CandidatePairs(Func<IEnumerable<Sample>> rows, List<long> indices, CancellationToken cancellationToken)
    {
        var candidates = new LshCandidates(_lsh.Bands);
        var bands = _lsh.Bands;
        // Shingling and hashing are most of the work and independent per row: blocks of rows are keyed on every core,
        // then added in pool order.
        foreach (var (block, (keys, empty)) in ParallelBlocks.Map(rows(), KeyBlockRows, Environment.ProcessorCount, block =>
        {
            var keys = new ulong[block.Length * bands];
            var empty = new bool[block.Length];
            for (var i = 0; i < block.Length; i++)
            {
                var shingles = MinHashLsh.ShingleHashesOf(Text(block[i]));
                empty[i] = shingles.Length == 0;
                if (!empty[i])
                    _lsh.BandKeys(shingles, keys.AsSpan(i * bands, bands));
            }
            return (keys, empty);
        }, cancellationToken))
        {
            for (var i = 0; i < block.Length; i++)
            {
                candidates.Add(empty[i] ? [] : keys.AsSpan(i * bands, bands));
                indices.Add(block[i].Index);
            }
        }
        return candidates.TakePairs();
    }

    /// <summary>
    /// The second pass, in pool order: a row in some pair is compared with its earlier candidates, smallest first,
    /// skipping those already set aside, and joins the first whose Jaccard reaches the threshold. Only rows in some
    /// pair are read (<paramref name="some"/>) and shingled again, and each is held from its first pair to its last.
    /// </summary>
    private List<(long Index, string Detail)> Confirm(Func<IReadOnlyList<long>, IEnumerable<Sample>> some, List<long> indices, ulong[] pairs, CancellationToken cancellationToken)
    {
        var lastUse = new Dictionary<int, int>();
        foreach (var pair in pairs)
        {
            var (later, earlier) = ((int)(pair >> 32), (int)(uint)pair);
            lastUse[earlier] = Math.Max(lastUse.GetValueOrDefault(earlier, -1), later);
            lastUse[later] = Math.Max(lastUse.GetValueOrDefault(later, -1), later);
        }
        var releases = lastUse.OrderBy(e => e.Value).Select(e => (Row: e.Key, At: e.Value)).ToList();
        var held = new Dictionary<int, (long Index, uint[] Shingles, ulong PromptHash)>();
        var setAside = new HashSet<int>();
        var decisions = new List<(long, string)>();
        var ordinals = lastUse.Keys.Order().ToArray();
        var wanted = ordinals.Select(o => indices[o]).ToArray();
        var (next, released, read) = (0, 0, 0);
        foreach (var row in some(wanted))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (read == ordinals.Length || row.Index != wanted[read])
                throw new InvalidOperationException($"near-dedup: the second pass gave row {row.Index} where row {(read < wanted.Length ? wanted[read] : -1)} was expected; the pool changed between passes");
            var ordinal = ordinals[read++];
            var shingles = MinHashLsh.Shingles(Text(row));
            // Only the prompt's hash is held: equal prompts are what the same-prompt rule asks, not their text.
            var promptHash = _samePromptMaxDiff > 0 ? XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Prompt(row).AsSpan())) : 0;
            held[ordinal] = (row.Index, shingles, promptHash);
            for (; next < pairs.Length && (int)(pairs[next] >> 32) == ordinal; next++)
            {
                var earlier = (int)(uint)pairs[next];
                if (setAside.Contains(ordinal) || setAside.Contains(earlier))
                    continue;
                var (earlierIndex, earlierShingles, earlierPromptHash) = held[earlier];
                var jaccard = MinHashLsh.Jaccard(earlierShingles, shingles);
                if (jaccard >= _threshold)
                {
                    setAside.Add(ordinal);
                    decisions.Add((row.Index, string.Create(CultureInfo.InvariantCulture, $"near-duplicate of row {earlierIndex} (word-bigram Jaccard {jaccard:F3} ≥ {_threshold})")));
                }
                else if (_samePromptMaxDiff > 0 && earlierPromptHash == promptHash && MinHashLsh.Differing(earlierShingles, shingles) is var differing && differing <= _samePromptMaxDiff)
                {
                    setAside.Add(ordinal);
                    decisions.Add((row.Index, string.Create(CultureInfo.InvariantCulture, $"near-duplicate of row {earlierIndex} (same prompt; {differing} word bigrams differ ≤ {_samePromptMaxDiff}, Jaccard {jaccard:F3})")));
                }
            }
            for (; released < releases.Count && releases[released].At == ordinal; released++)
                held.Remove(releases[released].Row);
        }
        if (next != pairs.Length)
            throw new InvalidOperationException($"near-dedup: the second pass read {read:N0} of the {ordinals.Length:N0} rows in some pair; the pool changed between passes");
        return decisions;
    }
}
