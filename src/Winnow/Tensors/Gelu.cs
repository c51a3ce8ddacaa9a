using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    // Abramowitz & Stegun 7.1.26: erfc(z) ≈ t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·exp(−z²), t = 1/(1 + p·z),
    // z ≥ 0, absolute error ≤ 1.5e-7 — below fp32 resolution of Φ(x) near 1, so GELU stays within a few ulps·|x|.
    private const float ErfP = 0.3275911f;
    private const float ErfA1 = 0.254829592f, ErfA2 = -0.284496736f, ErfA3 = 1.421413741f, ErfA4 = -1.453152027f, ErfA5 = 1.061405429f;
    private const float InvSqrt2 = 0.70710678118654752f;

    /// <summary>
    /// Exact (erf) GELU, BERT's <c>"gelu"</c>: <c>y = x · Φ(x) = x · ½ · (1 + erf(x/√2))</c>.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="destination">Same length as x; may be x itself (in place). Partial overlap is an error.</param>
    /// <remarks>
    /// erf comes from the Abramowitz–Stegun 7.1.26 rational form (absolute error ≤ 1.5e-7 on erf), evaluated
    /// vectorised through TensorPrimitives in L1-sized chunks. For x &lt; 0 the tail Φ(x) = ½·erfc(|x|/√2) is
    /// formed directly, so large negative inputs give tiny negative outputs instead of a cancelled 1 − 1.
    /// Edge cases: ±0 → ±0, +∞ → +∞, −∞ → NaN (−∞·0, as x·Φ(x) gives in PyTorch), NaN → NaN.
    /// </remarks>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> destination)
    {
        CheckSameLength(x, destination);
        Span<float> z = stackalloc float[256];
        Span<float> e = stackalloc float[256];
        Span<float> t = stackalloc float[256];
        for (var start = 0; start < x.Length; start += z.Length)
        {
            var n = Math.Min(z.Length, x.Length - start);
            var xs = x.Slice(start, n);
            var zs = z[..n];
            var es = e[..n];
            var ts = t[..n];
            TensorPrimitives.Abs(xs, zs);
            TensorPrimitives.Multiply(zs, InvSqrt2, zs);
            TensorPrimitives.Multiply(zs, zs, es);
            TensorPrimitives.Negate(es, es);
            TensorPrimitives.Exp(es, es);
            TensorPrimitives.Multiply(zs, ErfP, ts);
            TensorPrimitives.Add(ts, 1f, ts);
            TensorPrimitives.Reciprocal(ts, ts);
            // Horner in t; zs is free now and holds the polynomial.
            TensorPrimitives.Multiply(ts, ErfA5, zs);
            TensorPrimitives.Add(zs, ErfA4, zs);
            TensorPrimitives.MultiplyAdd(zs, ts, ErfA3, zs);
            TensorPrimitives.MultiplyAdd(zs, ts, ErfA2, zs);
            TensorPrimitives.MultiplyAdd(zs, ts, ErfA1, zs);
            TensorPrimitives.Multiply(zs, ts, zs);
            TensorPrimitives.Multiply(zs, es, zs); // zs = erfc(|x|/√2)
            // Φ(x) = ½·erfc(|x|/√2) for x < 0 and 1 − ½·erfc(|x|/√2) for x ≥ 0: ½ + sign(x)·(½ − ½·erfc).
            TensorPrimitives.Multiply(zs, -0.5f, zs);
            TensorPrimitives.Add(zs, 0.5f, zs);
            TensorPrimitives.CopySign(zs, xs, zs);
            TensorPrimitives.Add(zs, 0.5f, zs);
            TensorPrimitives.Multiply(xs, zs, destination.Slice(start, n));
        }
    }

    private static void CheckSameLength(ReadOnlySpan<float> x, ReadOnlySpan<float> destination)
    {
        if (destination.Length != x.Length)
            throw new ArgumentException($"destination length {destination.Length} differs from input length {x.Length}", nameof(destination));
    }
}
