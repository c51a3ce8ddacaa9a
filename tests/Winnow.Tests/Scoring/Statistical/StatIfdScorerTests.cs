using Winnow.Data;
using Winnow.Scoring;
using Winnow.Scoring.Statistical;

namespace Winnow.Tests.Scoring.Statistical;

public class StatIfdScorerTests
{
    private static readonly string[][] Topics =
    [
        ["ocean", "waves", "salt", "tide", "coral", "fish"],
        ["desert", "sand", "dune", "cactus", "heat", "camel"],
        ["forest", "trees", "moss", "pine", "owl", "fern"],
        ["city", "traffic", "tower", "subway", "crowd", "noise"],
    ];

    /// <summary>Rows whose instruction names a topic and whose response uses that topic's words (plus shared filler).</summary>
    private static List<Sample> Pool()
    {
        var rows = new List<Sample>();
        for (var t = 0; t < Topics.Length; t++)
            for (var r = 0; r < 6; r++)
            {
                var words = Topics[t];
                var instruction = $"Describe the {words[0]} and its {words[1 + r % 5]}.";
                var response = $"The {words[0]} has {words[(r + 1) % 6]} and {words[(r + 2) % 6]}, with {words[(r + 3) % 6]} near the {words[(r + 4) % 6]}.";
                rows.Add(NgramLmScorerTests.Row(rows.Count, instruction, response));
            }
        return rows;
    }

    private static StatIfdScorer Fitted(List<Sample> pool, params (string Key, string Value)[] p)
    {
        var scorer = StatIfdScorer.Create(Parameters.For<StatIfdScorer>(p.ToDictionary(x => x.Key, x => x.Value)));
        scorer.Fit(pool, default);
        return scorer;
    }

    [Fact]
    public void MatchedPairsScoreBelowMismatchedOnes()
    {
        var pool = Pool();
        // Swap the responses of rows 0 (ocean) and 12 (forest): two mismatched pairs in the pool.
        var a = pool[0];
        var b = pool[12];
        pool[0] = NgramLmScorerTests.Row(0, a.Instruction, b.Response);
        pool[12] = NgramLmScorerTests.Row(12, b.Instruction, a.Response);
        var scorer = Fitted(pool, ("ibm_min_rows", "2"));
        var results = scorer.Score(pool, default);
        Assert.All(results, r => Assert.True(r.IsOk));
        var ifd = results.Select(r => r.Values![2]).ToArray();
        var matched = ifd.Where((_, i) => i != 0 && i != 12).ToArray();
        Assert.True(matched.Average() < 1);
        Assert.True(ifd[0] > matched.Max());
        Assert.True(ifd[12] > matched.Max());
        Assert.Equal(results[1].Values![0] / results[1].Values![1], ifd[1], 12);
        Assert.Equal(1.0, scorer.Lambdas!.Sum(), 12);
        Assert.Contains("lambdas_in_use", scorer.Settings.Keys);
    }

    [Fact]
    public void NoInstructionMeansNoConditioning()
    {
        var scorer = Fitted(Pool(), ("lambdas", "2,1,1"));
        Assert.Equal([0.5, 0.25, 0.25], scorer.Lambdas!);
        var results = scorer.Score([NgramLmScorerTests.Row(99, "", "The ocean has salt."), NgramLmScorerTests.Row(98, "x", "")], default);
        Assert.Equal(1.0, results[0].Values![2]);
        Assert.False(results[1].IsOk);
    }

    [Fact]
    public void DeterministicFit()
    {
        var a = Fitted(Pool()).Score(Pool(), default).Select(r => r.Values![2]);
        var b = Fitted(Pool()).Score(Pool(), default).Select(r => r.Values![2]);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ScoresAreTheSameBitsWhateverTheThreadCount()
    {
        // 24 topic rows × 8 copies with row-specific words: several 64-row chunks, scored by 1 and by 3 threads.
        var pool = Enumerable.Range(0, 8).SelectMany(copy => Pool().Select(r => NgramLmScorerTests.Row(copy * 100 + r.Index, r.Instruction + $" w{copy}", r.Response + $" w{copy}"))).ToList();
        var one = Fitted(pool, ("threads", "1")).Score(pool, default).Select(r => r.Values!).ToList();
        var three = Fitted(pool, ("threads", "3")).Score(pool, default).Select(r => r.Values!).ToList();
        Assert.Equal(one.Count, three.Count);
        for (var i = 0; i < one.Count; i++)
            Assert.Equal(one[i].Select(BitConverter.DoubleToInt64Bits), three[i].Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void FitRowsCapFitsOnTheSmallestContentHashesAndLeavesOthersUnseen()
    {
        var pool = Pool();
        var capped = Fitted(pool, ("fit_rows", "10"));
        var kept = pool.OrderBy(r => Convert.ToUInt64(r.ContentHash, 16)).Take(10).Select(r => r.ContentHash).ToHashSet();
        Assert.All(pool, r => Assert.Equal(kept.Contains(r.ContentHash), capped.Model.Lm.Contains(r.ContentHash)));
        var whole = Fitted(pool, ("fit_rows", "24"));
        Assert.Equal(Fitted(pool).Score(pool, default).Select(r => r.Values![2]), whole.Score(pool, default).Select(r => r.Values![2]));
        Assert.NotEqual(whole.Score(pool, default).Select(r => r.Values![2]), capped.Score(pool, default).Select(r => r.Values![2]));
    }

    [Fact]
    public void BadLambdasAreAnError() =>
        Assert.Throws<ArgumentException>(() => StatIfdScorer.Create(Parameters.For<StatIfdScorer>(new Dictionary<string, string> { ["lambdas"] = "1,2" })));
}
