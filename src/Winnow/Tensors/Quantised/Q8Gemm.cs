using System.Buffers;

namespace Winnow.Tensors.Quantised;

/// <summary>Which micro-kernel <see cref="Q8Gemm"/> runs.</summary>
internal enum Q8KernelKind
{
    Portable,
    AvxVnni,
}

/// <summary>
/// Y[m×n] = X[m×k] · Wᵀ (+ Y when accumulating) with W a packed Q8_0 matrix, as llama.cpp computes a Q8_0 weight
/// against float activations: each activation row is quantised per 32-block to 8 bits (<see cref="Q8Activations"/>),
/// each (row, column, block) dot is an exact integer sum, and Y += Σ_blocks float(sum) · scale_w · scale_x.
/// </summary>
/// <remarks>
/// Threads split the output columns into panel ranges; each output element is summed by one thread over its blocks in
/// order, so results are deterministic and independent of the thread count. Rows go in chunks of
/// <see cref="RowChunk"/> so a chunk's quantised activations stay in cache while every panel of W streams past them.
/// </remarks>
public static unsafe class Q8Gemm
{
    private const int RowChunk = 64;

    internal static readonly Q8KernelKind Best = Q8KernelAvxVnni.IsSupported ? Q8KernelKind.AvxVnni : Q8KernelKind.Portable;

    /// <summary>The micro-kernel in use, for logs and bench reports.</summary>
    public static string Backend => Best == Q8KernelKind.AvxVnni
        ? "q8_0 avx-vnni 4x16 (vpdpbusd on 256-bit vectors)"
        : "q8_0 portable 1x16 (Vector128; no AVX-VNNI)";

    public static void Multiply(ReadOnlySpan<float> x, int m, Q8Matrix w, Span<float> y, bool accumulate, int maxThreads) =>
        Multiply(Best, x, m, w, y, accumulate, maxThreads);

    internal static void Multiply(Q8KernelKind kernel, ReadOnlySpan<float> x, int m, Q8Matrix w, Span<float> y, bool accumulate, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxThreads);
        int n = w.N, k = w.K, blocks = w.Blocks;
        Gemm.CheckOperands(x.Length, (long)n * k, y.Length, m, n, k);
        if (m == 0)
            return;
        if (!accumulate)
            y[..(m * n)].Clear();
        var quants = ArrayPool<byte>.Shared.Rent(m * k);
        var scales = ArrayPool<float>.Shared.Rent(m * blocks);
        try
        {
            var threads = (long)m * n * k < 1 << 21 ? 1 : Math.Min(maxThreads, w.Panels);
            fixed (float* px = x)
            {
                var xp = px;
                var length = x.Length;
                ForEachPart(threads, m, (first, end) =>
                    Q8Activations.QuantiseOffset(new ReadOnlySpan<float>(xp, length), k, first, end, quants, scales));
            }
            fixed (byte* pa = quants)
            fixed (float* ps = scales, py = y, pws = w.Scales)
            fixed (sbyte* pw = w.Quants)
            fixed (int* pc = w.Corrections)
            {
                var (a, s, c, ws, wq, corr) = ((nint)pa, (nint)ps, (nint)py, (nint)pws, (nint)pw, (nint)pc);
                ForEachPart(threads, w.Panels, (firstPanel, endPanel) =>
                {
                    for (var r0 = 0; r0 < m; r0 += RowChunk)
                    {
                        for (var panel = firstPanel; panel < endPanel; panel++)
                        {
                            RunPanel(kernel, (byte*)a, (float*)s, (float*)c, (sbyte*)wq, (float*)ws, (int*)corr,
                                r0, Math.Min(m, r0 + RowChunk), panel, n, k, blocks);
                        }
                    }
                });
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(quants);
            ArrayPool<float>.Shared.Return(scales);
        }
    }

    /// <summary>Rows [first, end) against one panel; a partial last panel goes through a 16-wide scratch tile.</summary>
    private static void RunPanel(Q8KernelKind kernel, byte* a, float* aScales, float* y, sbyte* wq, float* ws, int* corr,
        int first, int end, int panel, int n, int k, int blocks)
    {
        var col0 = panel * Q8Matrix.PanelWidth;
        var width = Math.Min(Q8Matrix.PanelWidth, n - col0);
        var pw = wq + (nint)panel * blocks * Q8Matrix.PanelBlockBytes;
        var pws = ws + (nint)panel * blocks * Q8Matrix.PanelWidth;
        var pcorr = corr + (nint)panel * blocks * Q8Matrix.PanelWidth;
        var tile = stackalloc float[4 * Q8Matrix.PanelWidth];
        for (var r = first; r < end;)
        {
            var rows = kernel == Q8KernelKind.AvxVnni && end - r >= 4 ? 4 : 1;
            float* c;
            int ldc;
            if (width == Q8Matrix.PanelWidth)
            {
                c = y + (nint)r * n + col0;
                ldc = n;
            }
            else
            {
                c = tile;
                ldc = Q8Matrix.PanelWidth;
                for (var i = 0; i < rows; i++)
                    new Span<float>(y + (nint)(r + i) * n + col0, width).CopyTo(new Span<float>(tile + i * ldc, width));
            }
            var pa = a + (nint)r * k;
            var pas = aScales + (nint)r * blocks;
            if (rows == 4)
                Q8KernelAvxVnni.Rows4(pa, pas, k, blocks, pw, pws, pcorr, c, ldc);
            else if (kernel == Q8KernelKind.AvxVnni)
                Q8KernelAvxVnni.Rows1(pa, pas, blocks, pw, pws, pcorr, c);
            else
                Q8KernelPortable.Rows1(pa, pas, blocks, pw, pws, pcorr, c);
            if (c == tile)
            {
                for (var i = 0; i < rows; i++)
                    new Span<float>(tile + i * ldc, width).CopyTo(new Span<float>(y + (nint)(r + i) * n + col0, width));
            }
            r += rows;
        }
    }

    /// <summary>Splits [0, count) into <paramref name="parts"/> contiguous ranges and runs them in parallel (inline for one).</summary>
    private static void ForEachPart(int parts, int count, Action<int, int> body)
    {
        parts = Math.Max(1, Math.Min(parts, count));
        if (parts == 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            p => body((int)((long)count * p / parts), (int)((long)count * (p + 1) / parts)));
    }
}
