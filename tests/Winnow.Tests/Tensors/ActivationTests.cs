using Winnow.Tensors;
using static Winnow.Tests.Tensors.TensorTestData;

namespace Winnow.Tests.Tensors;

/// <summary>
/// Activations against double-precision twins on [−12, 12] (saturation both ways). Tolerance 5e-7·(1 + |x|):
/// erf's Abramowitz–Stegun error (1.5e-7) times |x|/2 plus a few fp32 ulps of exp/sigmoid.
/// </summary>
public class ActivationTests
{
    private static void Check(Action<float[], float[]> fast, Action<float[], float[]> reference, int length, int seed)
    {
        var x = Uniform(length, seed, low: -12f, high: 12f);
        var expected = new float[length];
        reference(x, expected);
        var y = new float[length];
        fast(x, y);
        for (var i = 0; i < length; i++)
            Assert.True(Math.Abs(y[i] - expected[i]) <= 5e-7 * (1 + Math.Abs(x[i])), $"x = {x[i]:R}: expected {expected[i]:R}, got {y[i]:R}");
        fast(x, x); // in place gives the same
        Assert.Equal(y, x);
    }

    [Theory]
    [MemberData(nameof(OddLengths), MemberType = typeof(TensorTestData))]
    public void GeluMatchesErfReference(int length) => Check((x, y) => Kernels.Gelu(x, y), (x, y) => KernelsReference.Gelu(x, y), length, 11 + length);

    [Theory]
    [MemberData(nameof(OddLengths), MemberType = typeof(TensorTestData))]
    public void GeluTanhMatchesReference(int length) => Check((x, y) => Kernels.GeluTanh(x, y), (x, y) => KernelsReference.GeluTanh(x, y), length, 13 + length);

    [Theory]
    [MemberData(nameof(OddLengths), MemberType = typeof(TensorTestData))]
    public void SiluMatchesReference(int length) => Check((x, y) => Kernels.Silu(x, y), (x, y) => KernelsReference.Silu(x, y), length, 17 + length);

    [Theory]
    [MemberData(nameof(OddLengths), MemberType = typeof(TensorTestData))]
    public void SwiGluMatchesReference(int length)
    {
        var gate = Uniform(length, seed: length, low: -12f, high: 12f);
        var up = Uniform(length, seed: length + 1, low: -3f, high: 3f);
        var expected = new float[length];
        KernelsReference.SwiGlu(gate, up, expected);
        Kernels.SwiGlu(gate, up, up);
        AssertClose(expected, up, atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void KnownValues()
    {
        var y = new float[4];
        Kernels.Gelu([0f, 1f, -1f, 3f], y);
        AssertClose([0f, 0.8413447f, -0.15865526f, 2.9959502f], y, atol: 2e-7, rtol: 1e-6);
        Kernels.GeluTanh([0f, 1f, -1f, 3f], y);
        AssertClose([0f, 0.8411920f, -0.15880801f, 2.9963627f], y, atol: 2e-7, rtol: 1e-6);
        Kernels.Silu([0f, 1f, -1f, 3f], y);
        AssertClose([0f, 0.7310586f, -0.26894143f, 2.8577223f], y, atol: 2e-7, rtol: 1e-6);
        Kernels.Silu([-200f], y.AsSpan(0, 1));
        Assert.Equal(0f, y[0]);
    }

    [Theory]
    [MemberData(nameof(OddLengths), MemberType = typeof(TensorTestData))]
    public void AddAndAddBiasMatchReference(int length)
    {
        var x = Uniform(length, seed: length);
        var y = Uniform(length, seed: length + 5);
        var expected = (float[])x.Clone();
        KernelsReference.Add(expected, y);
        Kernels.Add(x, y);
        Assert.Equal(expected, x);
        var bias = Uniform(1, seed: 3);
        KernelsReference.AddBias(expected, bias);
        Kernels.AddBias(x, bias);
        Assert.Equal(expected, x);
    }
}
