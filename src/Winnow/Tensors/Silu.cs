using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>SiLU (swish), Llama's <c>"silu"</c>: <c>y = x · sigmoid(x) = x / (1 + exp(−x))</c>.</summary>
    /// <param name="x">Input.</param>
    /// <param name="destination">Same length as x; may be x itself (in place). Partial overlap is an error.</param>
    /// <remarks>Edge cases: ±0 → ±0, +∞ → +∞, −∞ → NaN (−∞·0, as PyTorch's x/(1+exp(−x)) = −∞/∞), NaN → NaN. Large negative
    /// finite x gives −0 once exp(−x) overflows.</remarks>
    public static void Silu(ReadOnlySpan<float> x, Span<float> destination)
    {
        CheckSameLength(x, destination);
        Span<float> s = stackalloc float[256];
        for (var start = 0; start < x.Length; start += s.Length)
        {
            var n = Math.Min(s.Length, x.Length - start);
            var xs = x.Slice(start, n);
            TensorPrimitives.Sigmoid(xs, s[..n]);
            TensorPrimitives.Multiply(xs, s[..n], destination.Slice(start, n));
        }
    }
}
