using Winnow.Tensors;

namespace Winnow.Tests.Tensors.Backward;

public class NormBackwardTests
{
    private const int Dim = 13;
    private const int Rows = 3;
    private const float Eps = 1e-5f;

    [Fact]
    public void LayerNormMatchesFiniteDifferences()
    {
        var x = TensorTestData.Uniform(Rows * Dim, 1, -2, 2);
        var gamma = TensorTestData.Uniform(Dim, 2, 0.5f, 1.5f);
        var beta = TensorTestData.Uniform(Dim, 3);
        var w = TensorTestData.Uniform(Rows * Dim, 4);
        float[] Forward(float[] input, float[] g, float[] b)
        {
            var y = new float[input.Length];
            Kernels.LayerNorm(input, g, b, Eps, y);
            return y;
        }
        var dx = new float[x.Length];
        var dGamma = new float[Dim];
        var dBeta = new float[Dim];
        KernelsBackward.LayerNorm(x, gamma, Eps, w, dx, dGamma, dBeta);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(x, v => Forward(v, gamma, beta), w), dx);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(gamma, v => Forward(x, v, beta), w), dGamma);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(beta, v => Forward(x, gamma, v), w), dBeta);
    }

    [Fact]
    public void RmsNormMatchesFiniteDifferences()
    {
        var x = TensorTestData.Uniform(Rows * Dim, 5, -2, 2);
        var gamma = TensorTestData.Uniform(Dim, 6, 0.5f, 1.5f);
        var w = TensorTestData.Uniform(Rows * Dim, 7);
        float[] Forward(float[] input, float[] g)
        {
            var y = new float[input.Length];
            Kernels.RmsNorm(input, g, Eps, y);
            return y;
        }
        var dx = new float[x.Length];
        var dGamma = new float[Dim];
        KernelsBackward.RmsNorm(x, gamma, Eps, w, dx, dGamma);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(x, v => Forward(v, gamma), w), dx);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(gamma, v => Forward(x, v), w), dGamma);
    }

    [Fact]
    public void GradientsAccumulateIntoExistingValues()
    {
        var x = TensorTestData.Uniform(Dim, 8);
        var gamma = TensorTestData.Uniform(Dim, 9, 0.5f, 1.5f);
        var dy = TensorTestData.Uniform(Dim, 10);
        var fresh = new float[Dim];
        KernelsBackward.RmsNorm(x, gamma, Eps, dy, fresh, new float[Dim]);
        var seeded = Enumerable.Repeat(1f, Dim).ToArray();
        KernelsBackward.RmsNorm(x, gamma, Eps, dy, seeded, new float[Dim]);
        TensorTestData.AssertClose(fresh.Select(v => v + 1f).ToArray(), seeded, 1e-6, 0);
    }

    /// <summary>
    /// The parallel norm backwards (rows, then column ranges of γ) give the scalar twins' bits on 1, 2 and 3 threads,
    /// on a batch above the size that splits (2¹⁵ elements), accumulating into non-zero buffers.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ParallelBackwardsEqualTheScalarTwinsBitForBit(int threads)
    {
        const int rows = 97, width = 769;
        var x = TensorTestData.Uniform(rows * width, 41, -3, 3);
        var gamma = TensorTestData.Uniform(width, 42, 0.5f, 1.5f);
        var dy = TensorTestData.Uniform(rows * width, 43);
        var (dx, dGamma, dBeta) = (TensorTestData.Uniform(rows * width, 44), TensorTestData.Uniform(width, 45), TensorTestData.Uniform(width, 46));
        var (refDx, refGamma, refBeta) = ((float[])dx.Clone(), (float[])dGamma.Clone(), (float[])dBeta.Clone());
        KernelsBackward.LayerNorm(x, gamma, Eps, dy, dx, dGamma, dBeta, threads);
        KernelsBackwardReference.LayerNorm(x, gamma, Eps, dy, refDx, refGamma, refBeta);
        Assert.Equal(refDx, dx);
        Assert.Equal(refGamma, dGamma);
        Assert.Equal(refBeta, dBeta);

        KernelsBackward.RmsNorm(x, gamma, Eps, dy, dx, dGamma, threads);
        KernelsBackwardReference.RmsNorm(x, gamma, Eps, dy, refDx, refGamma);
        Assert.Equal(refDx, dx);
        Assert.Equal(refGamma, dGamma);
    }
}
