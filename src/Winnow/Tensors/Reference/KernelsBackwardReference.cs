namespace Winnow.Tensors;

/// <summary>
/// Scalar twins of the fast backward kernels, computed in double the plain way: the fast kernels are tested
/// against them, and they against finite differences.
/// </summary>
internal static class KernelsBackwardReference
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

    /// <summary>y = (x − mean)/√(var + eps)·γ + β per row of width γ.Length; dx += ∂L/∂x, dγ += Σ dy·x̂, dβ += Σ dy.</summary>
    public static void LayerNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, float eps, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dGamma, Span<float> dBeta)
    {
        var d = gamma.Length;
        for (var start = 0; start < x.Length; start += d)
        {
            var row = x.Slice(start, d);
            var g = dy.Slice(start, d);
            double sum = 0;
            for (var i = 0; i < d; i++)
                sum += row[i];
            var mean = sum / d;
            double squares = 0;
            for (var i = 0; i < d; i++)
                squares += (row[i] - mean) * (row[i] - mean);
            var rstd = 1.0 / Math.Sqrt(squares / d + eps);
            // dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·γ.
            double meanG = 0, meanGx = 0;
            for (var i = 0; i < d; i++)
            {
                var xhat = (row[i] - mean) * rstd;
                var gh = (double)g[i] * gamma[i];
                meanG += gh;
                meanGx += gh * xhat;
                dGamma[i] += (float)(g[i] * xhat);
                dBeta[i] += g[i];
            }
            meanG /= d;
            meanGx /= d;
            var target = dx.Slice(start, d);
            for (var i = 0; i < d; i++)
            {
                var xhat = (row[i] - mean) * rstd;
                target[i] += (float)(rstd * ((double)g[i] * gamma[i] - meanG - xhat * meanGx));
            }
        }
    }

    /// <summary>y = x/√(mean(x²) + eps)·γ per row; dx += ∂L/∂x, dγ += Σ dy·x/rms.</summary>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, float eps, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dGamma)
    {
        var d = gamma.Length;
        for (var start = 0; start < x.Length; start += d)
        {
            var row = x.Slice(start, d);
            var g = dy.Slice(start, d);
            double squares = 0;
            for (var i = 0; i < d; i++)
                squares += (double)row[i] * row[i];
            var r = 1.0 / Math.Sqrt(squares / d + eps);
            // dx = r·(ĝ − x·r²·mean(ĝ·x)) with ĝ = dy·γ.
            double meanGx = 0;
            for (var i = 0; i < d; i++)
            {
                meanGx += (double)g[i] * gamma[i] * row[i];
                dGamma[i] += (float)(g[i] * row[i] * r);
            }
            meanGx /= d;
            var target = dx.Slice(start, d);
            for (var i = 0; i < d; i++)
                target[i] += (float)(r * ((double)g[i] * gamma[i] - row[i] * r * r * meanGx));
        }
    }
}
