using Winnow.Tensors;
using static Winnow.Tests.Tensors.TensorTestData;

namespace Winnow.Tests.Tensors;

/// <summary>Softmax, LogSoftmax and LogSumExp against the double-precision scalar twins. Tolerance: 1e-5 relative
/// (a few fp32 ulps of exp plus a pairwise fp32 sum), 1e-9 absolute for the tiny tail probabilities.</summary>
public class SoftmaxTests
{
    [Theory]
    [MemberData(nameof(OddLengths), MemberType = typeof(TensorTestData))]
    public void SoftmaxMatchesReference(int length)
    {
        var x = Uniform(length, seed: length, low: -20f, high: 20f);
        var expected = (float[])x.Clone();
        KernelsReference.Softmax(expected);
        Kernels.Softmax(x);
        AssertClose(expected, x, atol: 1e-9, rtol: 1e-5);
    }

    [Theory]
    [MemberData(nameof(OddLengths), MemberType = typeof(TensorTestData))]
    public void LogSoftmaxAndLogSumExpMatchReference(int length)
    {
        var x = Uniform(length, seed: 7 * length, low: -30f, high: 30f);
        var expected = (float[])x.Clone();
        KernelsReference.LogSoftmax(expected);
        var lse = Kernels.LogSumExp(x);
        Assert.InRange(lse, KernelsReference.LogSumExp(x) - 1e-5f * Math.Max(1, Math.Abs(lse)), KernelsReference.LogSumExp(x) + 1e-5f * Math.Max(1, Math.Abs(lse)));
        Kernels.LogSoftmax(x);
        AssertClose(expected, x, atol: 1e-5 * 30, rtol: 1e-6);
    }

    [Fact]
    public void SoftmaxIsStableForHugeLogitsAndZeroesAFullyMaskedRow()
    {
        float[] big = [1000f, 1001f, 999f];
        Kernels.Softmax(big);
        AssertClose([0.24472847f, 0.66524096f, 0.09003057f], big, atol: 1e-7, rtol: 1e-6);

        float[] masked = [float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity];
        Kernels.Softmax(masked);
        Assert.Equal([0f, 0f, 0f], masked);

        float[] partly = [0f, float.NegativeInfinity, 0f];
        Kernels.Softmax(partly);
        Assert.Equal([0.5f, 0f, 0.5f], partly);
    }

    [Fact]
    public void LogSoftmaxKeepsSmallDifferencesBetweenLargeLogits()
    {
        float[] x = [1e6f, 1e6f + 1f];
        Kernels.LogSoftmax(x);
        AssertClose([-1.3132616f, -0.31326166f], x, atol: 1e-6, rtol: 0);
        Assert.Equal(1e6f + 1f + 0.31326166f, Kernels.LogSumExp([1e6f, 1e6f + 1f]), 1e6f * 1e-7f);
        Assert.Equal(float.NegativeInfinity, Kernels.LogSumExp([]));
        Assert.Equal(float.NegativeInfinity, Kernels.LogSumExp([float.NegativeInfinity]));
    }
}
