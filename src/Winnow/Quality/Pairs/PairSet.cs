using Winnow.Data;

namespace Winnow.Quality.Pairs;

/// <summary>
/// What a pairs file holds: preference pairs, and for graded files the graded responses the pairs were derived
/// from (every two responses to the same prompt with different scores make a pair, the higher one preferred).
/// </summary>
public sealed class PairSet
{
    public PairSet(string source, IReadOnlyList<PreferencePair> pairs, IReadOnlyList<GradedResponse>? graded)
    {
        Source = source;
        Pairs = pairs;
        Graded = graded;
    }

    public string Source { get; }

    /// <summary>Rows left out under skip-bad-rows, each as "file:line: reason".</summary>
    public IReadOnlyList<string> Skipped { get; internal set; } = [];

    public IReadOnlyList<PreferencePair> Pairs { get; }

    /// <summary>The graded responses of a graded file; null for a file of preference pairs.</summary>
    public IReadOnlyList<GradedResponse>? Graded { get; }

    /// <summary>The texts to score: for pairs, preferred then other of each pair (row 2i and 2i + 1); for graded files, each response in file order.</summary>
    public IReadOnlyList<Sample> Samples()
    {
        if (Graded is { } graded)
            return graded.Select((g, i) => g.ToSample(i)).ToList();
        var samples = new List<Sample>(Pairs.Count * 2);
        foreach (var pair in Pairs)
        {
            samples.Add(pair.PreferredSample(samples.Count));
            samples.Add(pair.OtherSample(samples.Count));
        }
        return samples;
    }

    /// <summary>Index pairs (preferred, other) into <see cref="Samples"/>.</summary>
    public IReadOnlyList<(int Preferred, int Other)> SampleIndexPairs() =>
        Graded is null ? Enumerable.Range(0, Pairs.Count).Select(i => (2 * i, 2 * i + 1)).ToList() : PairsOfGraded(Graded).Select(p => (p.Preferred, p.Other)).ToList();

    public static PairSet FromGraded(string source, IReadOnlyList<GradedResponse> graded)
    {
        var pairs = PairsOfGraded(graded).Select(p => new PreferencePair(graded[p.Preferred].Line, graded[p.Preferred].Instruction, graded[p.Preferred].Input,
            graded[p.Preferred].Response, graded[p.Other].Response)).ToList();
        return new PairSet(source, pairs, graded);
    }

    private static IEnumerable<(int Preferred, int Other)> PairsOfGraded(IReadOnlyList<GradedResponse> graded)
    {
        var groups = new Dictionary<(string, string), List<int>>();
        var order = new List<(string, string)>();
        for (var i = 0; i < graded.Count; i++)
        {
            var key = (graded[i].Instruction, graded[i].Input);
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
                order.Add(key);
            }
            members.Add(i);
        }
        foreach (var key in order)
        {
            var members = groups[key];
            for (var a = 0; a < members.Count; a++)
                for (var b = a + 1; b < members.Count; b++)
                {
                    var (x, y) = (members[a], members[b]);
                    if (graded[x].Score > graded[y].Score)
                        yield return (x, y);
                    else if (graded[y].Score > graded[x].Score)
                        yield return (y, x);
                }
        }
    }
}
