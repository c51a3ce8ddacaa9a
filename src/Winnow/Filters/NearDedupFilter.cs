using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Text;

namespace Winnow.Filters;

/// <summary>
/// <c>near-dedup</c>: SCAR's MinHash-LSH near-deduplication of "instruction response" over word bigrams (see
/// <see cref="MinHashLsh"/>), or with <c>include_input</c> of "prompt response" (instruction and input), which keeps
/// rows that share a templated instruction and answer but differ in their input. A row whose estimated Jaccard similarity with an earlier kept row reaches the threshold is
/// set aside as <c>near-duplicate</c>, pointing at that row; of each group of near-copies the first row stays.
/// </summary>
[Component("near-dedup", "SCAR's MinHash-LSH near-deduplication: sets aside rows whose word-bigram Jaccard with an earlier kept row reaches threshold")]
[Param("threshold", ParamType.Number, "estimated Jaccard similarity of word bigrams at which a row is a near-copy", Default = "0.5", Min = 0, MinExclusive = true, Max = 1)]
[Param("permutations", ParamType.Int, "MinHash permutations (a multiple of bands)", Default = "128", Min = 1)]
[Param("bands", ParamType.Int, "LSH bands", Default = "16", Min = 1)]
[Param("seed", ParamType.Int, "seed of the MinHash permutations", Default = "0")]
[Param("include_input", ParamType.Bool, "shingle the Alpaca input with the instruction (SCAR leaves it out)", Default = "false")]
[Needs(Text = "instruction and response")]
public sealed class NearDedupFilter : IStreamingRowFilter
{
    private readonly MinHashLsh _lsh;
    private readonly double _threshold;
    private readonly bool _includeInput;
    private readonly List<long> _rowOf = [];
    private readonly HashSet<int> _setAside = [];

    private NearDedupFilter(double threshold, int permutations, int bands, int seed, bool includeInput)
    {
        _threshold = threshold;
        _includeInput = includeInput;
        _lsh = new MinHashLsh(permutations, bands, seed);
        Settings = new Dictionary<string, string>
        {
            ["threshold"] = threshold.ToString("R", CultureInfo.InvariantCulture),
            ["permutations"] = permutations.ToString(CultureInfo.InvariantCulture),
            ["bands"] = bands.ToString(CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["include_input"] = includeInput ? "true" : "false",
        };
    }

    public static NearDedupFilter Create(Parameters p)
    {
        var (permutations, bands) = (p.GetInt("permutations"), p.GetInt("bands"));
        if (permutations % bands != 0)
            throw new ArgumentException($"near-dedup: permutations ({permutations}) must be a multiple of bands ({bands})");
        return new NearDedupFilter(p.GetDouble("threshold"), permutations, bands, p.GetInt("seed"), p.GetBool("include_input"));
    }

    public string Name => Declared.Name<NearDedupFilter>();

    /// <summary>The decision code of the rows it sets aside.</summary>
    public const string DecisionCode = "near-duplicate";

    public string Code => DecisionCode;

    public IReadOnlyDictionary<string, string> Settings { get; }

    public string Describe() => $"sets aside near-duplicates (MinHash-LSH over word bigrams of {(_includeInput ? "instruction, input" : "instruction")} and response, Jaccard ≥ {_threshold.ToString(CultureInfo.InvariantCulture)})";

    public string? Check(Sample row)
    {
        var local = _lsh.Count;
        _rowOf.Add(row.Index);
        // A row joins the first earlier kept row it duplicates, so the kept row is the smallest index of its group.
        foreach (var candidate in _lsh.AddAndFindCandidates((_includeInput ? row.Prompt : row.Instruction) + " " + row.Response).Order())
        {
            if (_setAside.Contains(candidate))
                continue;
            var jaccard = _lsh.Jaccard(candidate, local);
            if (jaccard >= _threshold)
            {
                _setAside.Add(local);
                return string.Create(CultureInfo.InvariantCulture, $"near-duplicate of row {_rowOf[candidate]} (word-bigram Jaccard {jaccard:F3} ≥ {_threshold})");
            }
        }
        return null;
    }

    public void Forget()
    {
        _lsh.Clear();
        _rowOf.Clear();
        _rowOf.TrimExcess();
        _setAside.Clear();
        _setAside.TrimExcess();
    }
}
