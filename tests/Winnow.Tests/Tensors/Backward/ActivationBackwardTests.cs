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

    /// <summary>
    /// The float32 block kernels against their double twins over lengths around the vector width and the 512-element
    /// block, including dx written over dy. Bound: 1e-6·|dy| absolute + 1e-5 relative — float32 rounding of tanh or σ
    /// and a few products, far below any formula error.
    /// </summary>
    [Theory]
    [MemberData(nameof(TensorTestData.OddLengths), MemberType = typeof(TensorTestData))]
    public void FastKernelsMatchTheirDoubleTwins(int length)
    {
        var x = TensorTestData.Uniform(length, 21, -6, 6);
        var up = TensorTestData.Uniform(length, 22, -2, 2);
        var dy = TensorTestData.Uniform(length, 23);
        var expected = new float[length];
        KernelsBackwardReference.GeluTanh(x, dy, expected);
        var inPlace = (float[])dy.Clone();
        KernelsBackward.GeluTanh(x, inPlace, inPlace);
        TensorTestData.AssertClose(expected, inPlace, 1e-6, 1e-5);

        var (dGate, dUp, refGate, refUp) = (new float[length], new float[length], new float[length], new float[length]);
        KernelsBackwardReference.SwiGlu(x, up, dy, refGate, refUp);
        KernelsBackward.SwiGlu(x, up, dy, dGate, dUp);
        TensorTestData.AssertClose(refGate, dGate, 1e-6, 1e-5);
        TensorTestData.AssertClose(refUp, dUp, 1e-6, 1e-5);
    }

    private delegate void Elementwise(ReadOnlySpan<float> x, Span<float> y);

    private static float[] Apply(float[] x, Elementwise f)
    {
        var y = new float[x.Length];
        f(x, y);
        return y;
    }
}
