namespace Winnow.Tensors;

/// <summary>
/// Backward passes of the element-wise and per-row kernels. Each takes the forward's input (recomputing the
/// cheap row statistics instead of storing them) and the gradient of the output, and ADDS into the input's gradient
/// and the parameters' gradients, so residual branches and tied weights accumulate without extra buffers.
/// Row statistics are summed in double, like the reference forwards.
/// </summary>
internal static partial class KernelsBackward
{
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
