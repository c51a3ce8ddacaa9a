using Winnow.Tensors;

namespace Winnow.Tests.Tensors.Backward;

public class ActivationBackwardTests
{
    private const int Length = 41;

    [Fact]
    public void GeluTanhMatchesFiniteDifferences()
    {
        var x = TensorTestData.Uniform(Length, 11, -4, 4);
        var w = TensorTestData.Uniform(Length, 12);
        var dx = new float[Length];
        KernelsBackward.GeluTanh(x, w, dx);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(x, v => Apply(v, Kernels.GeluTanh), w), dx);
    }

    [Fact]
    public void GeluExactMatchesFiniteDifferences()
    {
        var x = TensorTestData.Uniform(Length, 13, -4, 4);
        var w = TensorTestData.Uniform(Length, 14);
        var dx = new float[Length];
        KernelsBackward.Gelu(x, w, dx);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(x, v => Apply(v, KernelsReference.Gelu), w), dx);
    }

    [Fact]
    public void SwiGluMatchesFiniteDifferences()
    {
        var gate = TensorTestData.Uniform(Length, 15, -4, 4);
        var up = TensorTestData.Uniform(Length, 16, -2, 2);
        var w = TensorTestData.Uniform(Length, 17);
        var dGate = new float[Length];
        var dUp = new float[Length];
        KernelsBackward.SwiGlu(gate, up, w, dGate, dUp);
        float[] Forward(float[] g, float[] u)
        {
            var y = new float[Length];
            Kernels.SwiGlu(g, u, y);
            return y;
        }
        FiniteDifference.AssertClose(FiniteDifference.Gradient(gate, v => Forward(v, up), w), dGate);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(up, v => Forward(gate, v), w), dUp);
    }

    private delegate void Elementwise(ReadOnlySpan<float> x, Span<float> y);

    private static float[] Apply(float[] x, Elementwise f)
    {
        var y = new float[x.Length];
        f(x, y);
        return y;
    }
}
