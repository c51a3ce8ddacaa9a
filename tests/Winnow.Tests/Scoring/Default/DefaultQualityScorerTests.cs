using Winnow.Scoring.Default;

namespace Winnow.Tests.Scoring.Default;

public class DefaultQualityScorerTests
{
    /// <summary>
    /// Hand-worked pool of four rows (lexical tokens after METHODS §6.1 tokenisation):
    /// r0 ten distinct words, r1 "a" ten times, r2 two words, r3 ten distinct words with a canned phrase.
    /// Length feature ln(1+N): ln 11, ln 11, ln 3, ln 11. For values (a, a, a, b) the sample standard deviation is
    /// |a − b| / 2, so the z-scores are exactly 0.5 (for a) and −1.5 (for b).
    /// MTLD: ten distinct words never drop the TTR to 0.72, so factors = 1 and MTLD = 10 (both directions);
    /// "a a …" closes a factor every two tokens, 5 factors, MTLD = 2; r2 has under 10 tokens, so it is left out of
    /// the MTLD statistics and gets z = 0. Values (10, 2, 10): mean 22/3, sample sd = 4/√3, z = 1/√3 and −2/√3.
    /// quality = 0.5·length_z + 0.5·mtld_z − penalty.
    /// </summary>
    [Fact]
    public void CompositeMatchesHandComputedValues()
    {
        var pool = new[]
        {
            TestRows.Alpaca(0, "Count to ten in words.", "One two three four five six seven eight nine ten."),
            TestRows.Alpaca(1, "Say a.", "a a a a a a a a a a"),
            TestRows.Alpaca(2, "Answer briefly.", "Short answer."),
            TestRows.Alpaca(3, "Help me.", "As an AI language model, I cannot help with that."),
        };
        var scorer = new DefaultQualityScorer();
        scorer.Fit(pool, CancellationToken.None);
        var results = scorer.Score(pool, CancellationToken.None);
        var s3 = Math.Sqrt(3);
        double[][] expected =
        [
            [0.25 + 0.5 / s3, 0.5, 1 / s3, 0],
            [0.25 - 1 / s3, 0.5, -2 / s3, 0],
            [-0.75, -1.5, 0, 0],
            [0.25 + 0.5 / s3 - 2, 0.5, 1 / s3, 2],
        ];
        for (var i = 0; i < pool.Length; i++)
        {
            Assert.True(results[i].IsOk);
            for (var f = 0; f < 4; f++)
                Assert.Equal(expected[i][f], results[i].Values![f], 9);
        }
        Assert.Equal(["quality", "length_z", "mtld_z", "penalty"], scorer.Fields);
    }

    [Fact]
    public void EchoedPromptIsPenalisedButRewrittenInputIsNot()
    {
        var pool = new[]
        {
            TestRows.Alpaca(0, "Fix the sentence.", "the cat sat", input: "the cat sat"),
            TestRows.Alpaca(1, "Fix the sentence.", "The cat sat.", input: "the cat sat"),
        };
        var scorer = new DefaultQualityScorer();
        scorer.Fit(pool, CancellationToken.None);
        var results = scorer.Score(pool, CancellationToken.None);
        Assert.Equal(2, results[0].Values![3]);
        Assert.Equal(0, results[1].Values![3]);
    }

    [Fact]
    public void ScoringBeforeFittingIsAnError() =>
        Assert.Throws<InvalidOperationException>(() => new DefaultQualityScorer().Score([TestRows.Alpaca(0, "a", "b")], CancellationToken.None));
}
