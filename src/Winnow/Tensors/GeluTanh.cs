using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Tanh-approximated GELU, GPT-2's <c>"gelu_new"</c> (also <c>"gelu_pytorch_tanh"</c>):
    /// <c>y = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="destination">Same length as x; may be x itself (in place). Partial overlap is an error.</param>
    /// <remarks>
    /// Evaluated as <c>x · sigmoid(2u)</c>, which equals <c>½·x·(1 + tanh u)</c> and needs one exp instead of
    /// a tanh. Edge cases: ±0 → ±0, +∞ → +∞, −∞ → NaN (−∞·0), NaN → NaN.
    /// </remarks>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> destination)
    {
        CheckSameLength(x, destination);
        const float twoC = 1.5957691216057308f; // 2·√(2/π)
        Span<float> u = stackalloc float[256];
        for (var start = 0; start < x.Length; start += u.Length)
        {
            var n = Math.Min(u.Length, x.Length - start);
            var xs = x.Slice(start, n);
            var us = u[..n];
            TensorPrimitives.Multiply(xs, xs, us);
            TensorPrimitives.Multiply(us, twoC * 0.044715f, us);
            TensorPrimitives.Add(us, twoC, us);
            TensorPrimitives.Multiply(us, xs, us); // 2u = 2√(2/π)·(x + 0.044715x³)
            TensorPrimitives.Sigmoid(us, us);
            TensorPrimitives.Multiply(xs, us, destination.Slice(start, n));
        }
    }
}
