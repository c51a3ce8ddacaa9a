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
}
