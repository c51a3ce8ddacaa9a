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
    /// ifd_z is checked by a second path: stat-IFD run on its own, its ifd values z-scored here.
    /// quality = 0.4·length_z + 0.3·mtld_z − 0.3·ifd_z − penalty.
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
            [0.5, 1 / s3, 0],
            [0.5, -2 / s3, 0],
            [-1.5, 0, 0],
            [0.5, 1 / s3, 2],
        ];
        var statIfd = Winnow.Scoring.Statistical.StatIfdScorer.Create(Parameters.For<Winnow.Scoring.Statistical.StatIfdScorer>());
        statIfd.Fit(pool, CancellationToken.None);
        var ifd = statIfd.Score(pool, CancellationToken.None).Select(r => r.Values![2]).ToArray();
        var mean = ifd.Average();
        var sd = Math.Sqrt(ifd.Sum(v => (v - mean) * (v - mean)) / (ifd.Length - 1));
        for (var i = 0; i < pool.Length; i++)
        {
            Assert.True(results[i].IsOk);
            var values = results[i].Values!;
            Assert.Equal(expected[i][0], values[1], 9);
            Assert.Equal(expected[i][1], values[2], 9);
            Assert.Equal((ifd[i] - mean) / sd, values[3], 9);
            Assert.Equal(expected[i][2], values[4], 9);
            Assert.Equal(0.4 * values[1] + 0.3 * values[2] - 0.3 * values[3] - values[4], values[0], 12);
        }
        Assert.Equal(["quality", "length_z", "mtld_z", "ifd_z", "penalty"], scorer.Fields);
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
        Assert.Equal(2, results[0].Values![4]);
        Assert.Equal(0, results[1].Values![4]);
    }

    [Fact]
    public void ScoringBeforeFittingIsAnError() =>
        Assert.Throws<InvalidOperationException>(() => new DefaultQualityScorer().Score([TestRows.Alpaca(0, "a", "b")], CancellationToken.None));
}
