using Winnow.Tensors;
using static Winnow.Tests.Tensors.TensorTestData;

namespace Winnow.Tests.Tensors;

/// <summary>LayerNorm and RmsNorm against the double-precision twins. Outputs are O(1); tolerance 2e-5 absolute +
/// 1e-5 relative covers fp32 sums over widths up to ~5k.</summary>
public class NormTests
{
    public static TheoryData<int, int> Shapes => new() { { 1, 1 }, { 3, 7 }, { 5, 17 }, { 2, 33 }, { 4, 257 }, { 3, 768 }, { 2, 4099 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void LayerNormMatchesReferenceOutOfPlaceAndInPlace(int rows, int d)
    {
        var x = Uniform(rows * d, seed: d, low: 3f, high: 5f); // a large mean against the spread tests the two-pass variance
        var gamma = Uniform(d, seed: d + 1, low: 0.5f, high: 1.5f);
        var beta = Uniform(d, seed: d + 2);
        var expected = new float[x.Length];
        KernelsReference.LayerNorm(x, gamma, beta, 1e-5f, expected);
        var y = new float[x.Length];
        Kernels.LayerNorm(x, gamma, beta, 1e-5f, y);
        AssertClose(expected, y, atol: 2e-5, rtol: 1e-5);
        Kernels.LayerNorm(x, gamma, beta, 1e-5f, x);
        AssertClose(expected, x, atol: 2e-5, rtol: 1e-5);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RmsNormMatchesReferenceOutOfPlaceAndInPlace(int rows, int d)
    {
        var x = Uniform(rows * d, seed: 3 * d, low: -4f, high: 4f);
        var w = Uniform(d, seed: 3 * d + 1, low: 0.5f, high: 1.5f);
        var expected = new float[x.Length];
        KernelsReference.RmsNorm(x, w, 1e-6f, expected);
        var y = new float[x.Length];
        Kernels.RmsNorm(x, w, 1e-6f, y);
        AssertClose(expected, y, atol: 2e-5, rtol: 1e-5);
        Kernels.RmsNorm(x, w, 1e-6f, x);
        AssertClose(expected, x, atol: 2e-5, rtol: 1e-5);
    }

    [Fact]
    public void LayerNormOfAConstantRowIsBetaAndBadShapesThrow()
    {
        var y = new float[3];
        Kernels.LayerNorm([2f, 2f, 2f], [1f, 2f, 3f], [0.5f, -0.5f, 1f], 1e-5f, y);
        Assert.Equal([0.5f, -0.5f, 1f], y);
        Assert.Throws<ArgumentException>(() => Kernels.LayerNorm(new float[5], new float[2], new float[2], 1e-5f, new float[5]));
        Assert.Throws<ArgumentException>(() => Kernels.RmsNorm(new float[4], new float[2], 1e-5f, new float[3]));
        Assert.Throws<ArgumentException>(() => Kernels.AddBias(new float[4], new float[3]));
    }
}
