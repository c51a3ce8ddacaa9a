using System.Buffers;

namespace Winnow.Tensors;

/// <summary>
/// Backward passes of the per-row norms. Each takes the forward's input (recomputing the cheap row statistics
/// instead of storing them) and the gradient of the output, and ADDS into the input's gradient and the parameters'
/// gradients, so residual branches and tied weights accumulate without extra buffers. Row statistics are summed in
/// double, like the reference forwards.
/// Two parallel passes on up to <c>threads</c> threads: rows (statistics and dx), then column ranges of γ (each
/// dγ/dβ element summed over the rows in row order). Every element is computed by the same operations in the same
/// order as the scalar twins in <see cref="KernelsBackwardReference"/>, so the results are their bits whatever
/// the thread count.
/// </summary>
internal static unsafe partial class KernelsBackward
{
    /// <summary>Rows or columns below which a pass stays on the caller's thread.</summary>
    private const int ParallelNormElements = 1 << 15;

    /// <summary>y = (x − mean)/√(var + eps)·γ + β per row of width γ.Length; dx += ∂L/∂x, dγ += Σ dy·x̂, dβ += Σ dy.</summary>
    public static void LayerNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, float eps, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dGamma, Span<float> dBeta, int threads = 1)
    {
        var d = gamma.Length;
        var rows = x.Length / d;
        var stats = ArrayPool<double>.Shared.Rent(2 * rows);
        fixed (float* px = x, pg = gamma, pdy = dy, pdx = dx, pdGamma = dGamma, pdBeta = dBeta)
        {
            var (ax, ag, ady, adx, adGamma, adBeta) = ((nint)px, (nint)pg, (nint)pdy, (nint)pdx, (nint)pdGamma, (nint)pdBeta);
            Split(rows, x.Length, threads, (r0, r1) =>
            {
                for (var r = r0; r < r1; r++)
                    LayerNormRow((float*)ax + (nint)r * d, (float*)ag, d, eps, (float*)ady + (nint)r * d, (float*)adx + (nint)r * d, stats, r);
            });
            Split(d, x.Length, threads, (c0, c1) =>
            {
                for (var r = 0; r < rows; r++)
                {
                    var row = (float*)ax + (nint)r * d;
                    var g = (float*)ady + (nint)r * d;
                    double mean = stats[2 * r], rstd = stats[2 * r + 1];
                    for (var i = c0; i < c1; i++)
                    {
                        var xhat = (row[i] - mean) * rstd;
                        ((float*)adGamma)[i] += (float)(g[i] * xhat);
                        ((float*)adBeta)[i] += g[i];
                    }
                }
            });
        }
        ArrayPool<double>.Shared.Return(stats);
    }

    /// <summary>y = x/√(mean(x²) + eps)·γ per row; dx += ∂L/∂x, dγ += Σ dy·x/rms.</summary>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, float eps, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dGamma, int threads = 1)
    {
        var d = gamma.Length;
        var rows = x.Length / d;
        var stats = ArrayPool<double>.Shared.Rent(rows);
        fixed (float* px = x, pg = gamma, pdy = dy, pdx = dx, pdGamma = dGamma)
        {
            var (ax, ag, ady, adx, adGamma) = ((nint)px, (nint)pg, (nint)pdy, (nint)pdx, (nint)pdGamma);
            Split(rows, x.Length, threads, (r0, r1) =>
            {
                for (var r = r0; r < r1; r++)
                    RmsNormRow((float*)ax + (nint)r * d, (float*)ag, d, eps, (float*)ady + (nint)r * d, (float*)adx + (nint)r * d, stats, r);
            });
            Split(d, x.Length, threads, (c0, c1) =>
            {
                for (var r = 0; r < rows; r++)
                {
                    var row = (float*)ax + (nint)r * d;
                    var g = (float*)ady + (nint)r * d;
                    var rms = stats[r];
                    for (var i = c0; i < c1; i++)
                        ((float*)adGamma)[i] += (float)(g[i] * row[i] * rms);
                }
            });
        }
        ArrayPool<double>.Shared.Return(stats);
    }

    /// <summary>One row of the LayerNorm backward's dx; stores the row's mean and 1/std at stats[2r], stats[2r + 1].</summary>
    private static void LayerNormRow(float* row, float* gamma, int d, float eps, float* g, float* target, double[] stats, int r)
    {
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
        }
        meanG /= d;
        meanGx /= d;
        for (var i = 0; i < d; i++)
        {
            var xhat = (row[i] - mean) * rstd;
            target[i] += (float)(rstd * ((double)g[i] * gamma[i] - meanG - xhat * meanGx));
        }
        stats[2 * r] = mean;
        stats[2 * r + 1] = rstd;
    }

    /// <summary>One row of the RMSNorm backward's dx; stores the row's 1/rms at stats[r].</summary>
    private static void RmsNormRow(float* row, float* gamma, int d, float eps, float* g, float* target, double[] stats, int r)
    {
        double squares = 0;
        for (var i = 0; i < d; i++)
            squares += (double)row[i] * row[i];
        var rms = 1.0 / Math.Sqrt(squares / d + eps);
        // dx = r·(ĝ − x·r²·mean(ĝ·x)) with ĝ = dy·γ.
        double meanGx = 0;
        for (var i = 0; i < d; i++)
            meanGx += (double)g[i] * gamma[i] * row[i];
        meanGx /= d;
        for (var i = 0; i < d; i++)
            target[i] += (float)(rms * ((double)g[i] * gamma[i] - row[i] * rms * rms * meanGx));
        stats[r] = rms;
    }

    /// <summary>Runs body over [0, count) in up to <paramref name="threads"/> contiguous ranges (one when the work is small).</summary>
    private static void Split(int count, long work, int threads, Action<int, int> body)
    {
        var parts = work < ParallelNormElements ? 1 : Math.Min(threads, count);
        if (parts <= 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            p => body((int)((long)count * p / parts), (int)((long)count * (p + 1) / parts)));
    }
}
