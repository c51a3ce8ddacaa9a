using Winnow.Text;

namespace Winnow.Tests.Text;

public class HddTests
{
    [Fact]
    public void ExactlyFortyTwoTokensSeesEveryType()
    {
        // N = 42 = draws: C(N − f, 42) = 0 for every f ≥ 1, so each P_t = 1 and Σ P_t = V = 21.
        var freq = Enumerable.Repeat(2, 21).ToArray();
        Assert.Equal(21, Hdd.ExpectedTypes(freq, 42), 12);
        Assert.Equal(0.5, Hdd.Compute(freq, 42), 12);
    }

    [Fact]
    public void HandWorkedHypergeometric()
    {
        // N = 44 tokens: two types seen once, 21 types seen twice (2 + 42 = 44).
        // f = 1: C(43,42)/C(44,42) = 43 / (44·43/2) = 1/22 → P = 21/22.
        // f = 2: C(42,42)/C(44,42) = 1/946 → P = 945/946.
        // Σ P = 2·21/22 + 21·945/946 = 1806/946 + 19845/946 = 21651/946; HD-D = 21651/(946·42).
        int[] freq = [1, 1, .. Enumerable.Repeat(2, 21)];
        Assert.Equal(21651.0 / 946, Hdd.ExpectedTypes(freq, 44), 12);
        Assert.Equal(21651.0 / (946 * 42), Hdd.Compute(freq, 44), 12);
    }

    [Fact]
    public void LargeTextDoesNotOverflow()
    {
        // f = 1 in N = 10,000: C(9999,42)/C(10000,42) = (10000 − 42)/10000 → P = 42/10000 exactly.
        Assert.Equal(0.0042, 1 - Hdd.ProbabilityAbsent(10_000, 1, 42), 14);
    }

    [Fact]
    public void TooShortTextIsRejected() =>
        Assert.Throws<ArgumentException>(() => Hdd.Compute([1, 1], 2));
}
