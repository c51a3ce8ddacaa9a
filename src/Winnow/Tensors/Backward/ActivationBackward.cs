using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Winnow.Tensors;

internal static partial class KernelsBackward
{
    /// <summary>Elements per block of the fast activation backwards (their scratch lives on the stack).</summary>
    private const int ActivationBlock = 512;

    private const double SqrtTwoOverPi = 0.7978845608028654;

    /// <summary>
    /// GELU-tanh: dx = dy · gelu'(x), x the pre-activation; dx may be dy itself. Float32, in blocks of
    /// <see cref="ActivationBlock"/>. With u = √(2/π)(x + 0.044715x³) and s = σ(2u) (so ½(1 + tanh u) = s and
    /// 1 − tanh²u = 4s(1 − s)): gelu'(x) = s + 2x·√(2/π)(1 + 3·0.044715x²)·s(1 − s). This form keeps its relative
    /// accuracy in the negative tail, where 1 + tanh u cancels in float32. Within a few ulps of
    /// <see cref="KernelsBackwardReference.GeluTanh"/>, which works in double.
    /// </summary>
    public static void GeluTanh(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        const float c = (float)SqrtTwoOverPi, a = 0.044715f;
        Span<float> sigmoid = stackalloc float[ActivationBlock];
        for (var start = 0; start < x.Length; start += ActivationBlock)
        {
            var count = Math.Min(ActivationBlock, x.Length - start);
            var xs = x.Slice(start, count);
            var s = sigmoid[..count];
            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
                {
                    var v = Vector512.Create(xs.Slice(i, Vector512<float>.Count));
                    (2 * c * (v + a * v * v * v)).CopyTo(s[i..]);
                }
            }
            for (; i < count; i++)
                s[i] = 2 * c * (xs[i] + a * xs[i] * xs[i] * xs[i]);
            TensorPrimitives.Sigmoid(s, s);
            var g = dy.Slice(start, count);
            var o = dx.Slice(start, count);
            i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
                {
                    var v = Vector512.Create(xs.Slice(i, Vector512<float>.Count));
                    var si = Vector512.Create(s.Slice(i, Vector512<float>.Count));
                    var derivative = si + 2 * c * v * (Vector512<float>.One + 3 * a * v * v) * si * (Vector512<float>.One - si);
                    (Vector512.Create(g.Slice(i, Vector512<float>.Count)) * derivative).CopyTo(o[i..]);
                }
            }
            for (; i < count; i++)
            {
                var v = xs[i];
                o[i] = g[i] * (s[i] + 2 * c * v * (1 + 3 * a * v * v) * s[i] * (1 - s[i]));
            }
        }
    }

    /// <summary>Exact GELU 0.5·x·(1 + erf(x/√2)): dx = dy · (Φ(x) + x·φ(x)). Overwrites dx.</summary>
    public static void Gelu(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            var cdf = 0.5 * (1 + MathNet.Numerics.SpecialFunctions.Erf(v / Math.Sqrt(2)));
            var pdf = Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI);
            dx[i] = (float)(dy[i] * (cdf + v * pdf));
        }
    }

    /// <summary>
    /// y = silu(gate)·up: dGate = dy·up·σ(g)·(1 + g·(1 − σ(g))), dUp = dy·silu(g). Overwrites both. Float32 in
    /// blocks, σ by TensorPrimitives; within a few ulps of <see cref="KernelsBackwardReference.SwiGlu"/>.
    /// </summary>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, ReadOnlySpan<float> dy, Span<float> dGate, Span<float> dUp)
    {
        Span<float> sigmoid = stackalloc float[ActivationBlock];
        for (var start = 0; start < gate.Length; start += ActivationBlock)
        {
            var count = Math.Min(ActivationBlock, gate.Length - start);
            var g = gate.Slice(start, count);
            var s = sigmoid[..count];
            TensorPrimitives.Sigmoid(g, s);
            var u = up.Slice(start, count);
            var d = dy.Slice(start, count);
            var dg = dGate.Slice(start, count);
            var du = dUp.Slice(start, count);
            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
                {
                    var gi = Vector512.Create(g.Slice(i, Vector512<float>.Count));
                    var si = Vector512.Create(s.Slice(i, Vector512<float>.Count));
                    var di = Vector512.Create(d.Slice(i, Vector512<float>.Count));
                    (di * gi * si).CopyTo(du[i..]);
                    (di * Vector512.Create(u.Slice(i, Vector512<float>.Count)) * si * (Vector512<float>.One + gi * (Vector512<float>.One - si))).CopyTo(dg[i..]);
                }
            }
            for (; i < count; i++)
            {
                du[i] = d[i] * g[i] * s[i];
                dg[i] = d[i] * u[i] * s[i] * (1 + g[i] * (1 - s[i]));
            }
        }
    }
}
