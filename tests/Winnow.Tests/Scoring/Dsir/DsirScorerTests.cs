using Winnow.Data;
using Winnow.Scoring;
using Winnow.Scoring.Dsir;
using Winnow.Text;

namespace Winnow.Tests.Scoring.Dsir;

public class DsirScorerTests
{
    private static Sample Row(long index, string text) => new(index, [new Turn(Role.User, "q"), new Turn(Role.Assistant, text)], "q", "", text);

    [Fact]
    public void LogImportanceByHand()
    {
        // Two buckets; Python gives sha256("x") mod 2 = 1 and sha256("y") mod 2 = 0, so the two single-token texts never share one.
        // Pool "x", "y" → p_raw = (1/2, 1/2); target "x" → p_tgt = (0, 1).
        // w("x") = log(1 + 1e-8) − log(1/2 + 1e-8) ≈ log 2; w("y") = log(1e-8) − log(1/2 + 1e-8) ≈ −17.7.
        Assert.Equal(1, HashedNgrams.Bucket("x", 2));
        Assert.Equal(0, HashedNgrams.Bucket("y", 2));
        var scorer = new DsirScorer(() => [Row(0, "x")], "inline", RowText.Response, 2, 2, 0);
        Sample[] pool = [Row(0, "x"), Row(1, "y")];
        scorer.Fit(pool, default);
        var results = scorer.Score(pool, default);
        Assert.Equal(Math.Log(1 + 1e-8) - Math.Log(0.5 + 1e-8), results[0].Values![0], 12);
        Assert.Equal(Math.Log(1e-8) - Math.Log(0.5 + 1e-8), results[1].Values![0], 12);
        Assert.Equal(1, results[0].Values![1]);
    }

    [Fact]
    public void LaplaceSmoothingOfTheTarget()
    {
        // target "x" with α = 1 over 10,000 buckets: p_tgt(b(x)) = (1 + 1)/(1 + 10,000); pool "x" alone: p_raw = 1.
        var scorer = new DsirScorer(() => [Row(0, "x")], "inline", RowText.Response, 10_000, 2, 1);
        scorer.Fit([Row(0, "x")], default);
        var w = scorer.Score([Row(0, "x")], default)[0].Values![0];
        Assert.Equal(Math.Log(2.0 / 10_001 + 1e-8) - Math.Log(1 + 1e-8), w, 12);
    }

    [Fact]
    public void TargetComesFromTheLoader()
    {
        string? asked = null;
        IPoolFittedScorer scorer = DsirScorer.Create(Parameters.For<DsirScorer>(new Dictionary<string, string> { ["target"] = "t.json" }), path => { asked = path; return [Row(0, "alpha beta")]; });
        scorer.Fit([Row(0, "alpha beta"), Row(1, "gamma delta")], default);
        Assert.Equal("t.json", asked);
        var r = scorer.Score([Row(0, "alpha beta"), Row(1, "gamma delta")], default);
        Assert.True(r[0].Values![0] > r[1].Values![0]);
        Assert.Equal("t.json", scorer.Settings["target"]);
    }

    [Fact]
    public void TargetIsRequired() =>
        Assert.Throws<ArgumentException>(() => DsirScorer.Create(Parameters.For<DsirScorer>(), _ => []));
}
