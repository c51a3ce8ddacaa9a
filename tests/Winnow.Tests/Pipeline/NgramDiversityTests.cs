using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public class NgramDiversityTests
{
    /// <summary>
    /// Prompt "a" and response "a" give the text "a\na": unigram "a" twice and bigram "a a" once, so the bucket
    /// distribution is (2/3, 1/3). Shannon = −(2/3·ln 2/3 + 1/3·ln 1/3) = 0.636514; Rényi₀ = ln 2;
    /// Simpson λ = 4/9 + 1/9 = 5/9, so Rényi₂ = ln 9/5, Gini–Simpson = 4/9, inverse Simpson = 9/5; Rényi∞ = ln 3/2.
    /// </summary>
    [Fact]
    public void TwoBucketDistributionMatchesHandValues()
    {
        var metrics = NgramDiversity.Measure([TestRows.Alpaca(0, "a", "a")], CancellationToken.None);
        Assert.Equal(-(2.0 / 3 * Math.Log(2.0 / 3) + 1.0 / 3 * Math.Log(1.0 / 3)), metrics["shannon_entropy_ngrams"], 12);
        Assert.Equal(Math.Log(2), metrics["renyi0_ngrams"], 12);
        Assert.Equal(Math.Log(9.0 / 5), metrics["renyi2_ngrams"], 12);
        Assert.Equal(Math.Log(1.5), metrics["renyi_inf_ngrams"], 12);
        Assert.Equal(4.0 / 9, metrics["gini_simpson_ngrams"], 12);
        Assert.Equal(9.0 / 5, metrics["inverse_simpson_ngrams"], 12);
    }
}
