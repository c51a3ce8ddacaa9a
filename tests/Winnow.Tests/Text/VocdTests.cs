using Winnow.Text;

namespace Winnow.Tests.Text;

public class VocdTests
{
    [Theory]
    [InlineData(5.0)]
    [InlineData(60.0)]
    [InlineData(250.0)]
    public void FitRecoversDFromExactCurve(double d)
    {
        // TTR(n) generated exactly from (D/n)(√(1 + 2n/D) − 1) for n = 35..50: least squares from D = 1 must return D.
        var sizes = Enumerable.Range(35, 16).Select(n => (double)n).ToArray();
        var ttrs = sizes.Select(n => Vocd.Curve(n, d)).ToArray();
        Assert.Equal(d, Vocd.FitD(sizes, ttrs), 6);
    }

    [Fact]
    public void CurveHandValue()
    {
        // D = 40, n = 40: (40/40)(√(1 + 2) − 1) = √3 − 1.
        Assert.Equal(Math.Sqrt(3) - 1, Vocd.Curve(40, 40), 15);
    }

    [Fact]
    public void SeededAndDeterministic()
    {
        var tokens = Enumerable.Range(0, 300).Select(i => $"t{i * 7919 % 97}").ToList();
        var a = Vocd.Compute(tokens, 42);
        Assert.Equal(a, Vocd.Compute(tokens, 42));
        Assert.NotEqual(a, Vocd.Compute(tokens, 43));
        Assert.InRange(a, 10, 1000);
    }

    [Fact]
    public void MoreVariedTextHasHigherD()
    {
        var narrow = Enumerable.Range(0, 200).Select(i => $"t{i % 20}").ToList();
        var wide = Enumerable.Range(0, 200).Select(i => $"t{i % 120}").ToList();
        Assert.True(Vocd.Compute(wide) > Vocd.Compute(narrow));
    }

    [Fact]
    public void NeedsMoreThanFiftyTokens() =>
        Assert.Throws<ArgumentException>(() => Vocd.Compute(Enumerable.Repeat("a", 50).ToList()));
}
