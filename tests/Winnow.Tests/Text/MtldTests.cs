using Winnow.Text;

namespace Winnow.Tests.Text;

public class MtldTests
{
    private static string[] Split(string s) => s.Split(' ');

    [Fact]
    public void FactorsPartialsAndBothDirections()
    {
        // forward "a a b b c d": a 1/1; a 1/2 = .5 ≤ .72 → factor 1; b 1; b .5 → factor 2; c, d: TTR 1 → partial (1−1)/.28 = 0
        //   → 6/2 = 3.
        // backward "d c b b a a": d,c,b 1; b 3/4 = .75; a 4/5 = .8; a 4/6 = .667 → factor 1, nothing left → 6/1 = 6.
        Assert.Equal(3, Mtld.Directional(Split("a a b b c d")), 12);
        Assert.Equal(6, Mtld.Directional(Split("d c b b a a")), 12);
        Assert.Equal(4.5, Mtld.Compute(Split("a a b b c d")), 12);
    }

    [Fact]
    public void PartialFactorOnly()
    {
        // "a b c a d": TTRs 1, 1, 1, 3/4, 4/5 — never ≤ .72; partial (1 − .8)/(1 − .72) = 5/7 → 5 / (5/7) = 7 (both ways).
        Assert.Equal(7, Mtld.Compute(Split("a b c a d")), 12);
    }

    [Fact]
    public void NoRepeatCountsOneFactor()
    {
        // TTR stays 1: partial factor is 0, so the no-factor rule applies with TTR_total = 1 → one factor → MTLD = N.
        Assert.Equal(4, Mtld.Compute(Split("w x y z")), 12);
    }

    [Fact]
    public void ThresholdComparisonIsInclusive()
    {
        // w1..w18, then w1 seven times: after 25 tokens TTR = 18/25 = 0.72 exactly → with "<=" a factor is counted there
        // and the last two new types (w19, w20) leave a segment of TTR 1 (partial 0) → 27 / 1 = 27.
        // With "<" the segment would run on: 19/26, 20/27 = .7407 → partial .2593/.28 = .926 → 29.16.
        var tokens = Enumerable.Range(1, 18).Select(i => $"w{i}")
            .Concat(Enumerable.Repeat("w1", 7)).Concat(["w19", "w20"]).ToList();
        Assert.Equal(27, Mtld.Directional(tokens), 12);
    }
}
