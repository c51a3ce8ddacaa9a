using Winnow.Text;

namespace Winnow.Tests.Text;

public class TypeTokenRatiosTests
{
    [Fact]
    public void HandWorkedRatios()
    {
        // "a b a c": N = 4, V = 3 → TTR 3/4, RTTR 3/√4 = 1.5, CTTR 3/√8.
        Assert.Equal(0.75, TypeTokenRatios.Ttr(3, 4));
        Assert.Equal(1.5, TypeTokenRatios.RootTtr(3, 4));
        Assert.Equal(3 / Math.Sqrt(8), TypeTokenRatios.CorrectedTtr(3, 4), 15);
    }

    [Fact]
    public void SimpsonUnbiased()
    {
        // frequencies a:2, b:1, c:1 → Σ f(f−1) = 2·1 = 2; N(N−1) = 4·3 = 12 → 1/6.
        var freq = TypeFrequencies.Count(["a", "b", "a", "c"]);
        Assert.Equal(1.0 / 6, TypeTokenRatios.SimpsonD(freq.Values, 4), 15);
        // All tokens one type: every pair matches → 1.
        Assert.Equal(1.0, TypeTokenRatios.SimpsonD([5], 5), 15);
    }
}
