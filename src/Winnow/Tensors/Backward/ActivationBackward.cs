namespace Winnow.Tensors;

internal static partial class KernelsBackward
{
    private const double SqrtTwoOverPi = 0.7978845608028654;

    /// <summary>GELU-tanh: dx = dy · gelu'(x), x the pre-activation. Overwrites dx.</summary>
    public static void GeluTanh(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            var t = Math.Tanh(SqrtTwoOverPi * (v + 0.044715 * v * v * v));
            var derivative = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SqrtTwoOverPi * (1 + 3 * 0.044715 * v * v);
            dx[i] = (float)(dy[i] * derivative);
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

    /// <summary>y = silu(gate)·up: dGate = dy·up·σ(g)·(1 + g·(1 − σ(g))), dUp = dy·silu(g). Overwrites both.</summary>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, ReadOnlySpan<float> dy, Span<float> dGate, Span<float> dUp)
    {
        for (var i = 0; i < gate.Length; i++)
        {
            double g = gate[i];
            var s = 1 / (1 + Math.Exp(-g));
            dUp[i] = (float)(dy[i] * g * s);
            dGate[i] = (float)(dy[i] * up[i] * s * (1 + g * (1 - s)));
        }
    }
}
