namespace Winnow.Tensors;

/// <summary>How B is stored for <see cref="GemmDriver{TKernel}"/>.</summary>
internal enum GemmBLayout
{
    /// <summary>[k×n] row-major (GPT-2 Conv1D weight).</summary>
    RowMajor,

    /// <summary>[n×k] row-major (PyTorch Linear weight).</summary>
    Transposed,

    /// <summary>Already packed by <see cref="Gemm.PackB"/>: NR-column micro-panels of k×NR floats each.</summary>
    Packed,
}

/// <summary>
/// Packed, blocked SGEMM (Goto/BLIS structure) around a register-blocked micro-kernel. Loop nest per worker:
/// <code>
/// jc: columns of C in blocks of nc      ─┐ B block kc×nc packed once, kept in L2 (≈ 1 MiB)
///  pc: depth in blocks of kc            ─┘
///   ir: rows of C in steps of MR          A micro-panel MR×kc packed, kept in L1 (≈ 14 KiB)
///    jr: columns in steps of NR           B micro-panels stream from L2 through the kernel
/// </code>
/// Our kernels broadcast A and load B as vectors, so the A micro-panel is the operand that must stay in L1 and
/// the B block the one kept in L2 — the mirror image of BLIS's loop roles (the BLIS order, an mc×kc A block with
/// jr outside ir, measured 10–20 % slower here; bench/results/kernels.md). Threads split C into disjoint
/// column (else row) ranges; each packs its own panels into per-thread buffers.
/// </summary>
internal static unsafe class GemmDriver<TKernel> where TKernel : struct, IGemmKernel
{
    /// <summary>
    /// C[m×n] (+)= A[m×k]·B on up to <paramref name="threads"/> threads; A is read as [k×m] (its transpose stored
    /// row-major) when <paramref name="aTransposed"/>. Operands are unchecked here: <see cref="Gemm"/> validates
    /// them. k ≥ 1.
    /// </summary>
    public static void Multiply(float* a, bool aTransposed, float* b, GemmBLayout layout, float* c, int m, int n, int k, bool accumulate, int threads)
    {
        var tilesM = (m + TKernel.MR - 1) / TKernel.MR;
        var tilesN = (n + TKernel.NR - 1) / TKernel.NR;
        // Small products run inline: a thread-pool hand-off costs tens of microseconds, a whole small GEMM less.
        var parts = (long)m * n * k < GemmTuning.ParallelThresholdMacs ? 1 : threads;
        // Prefer splitting columns: each thread then packs only its own part of B (the larger operand for weights).
        var splitColumns = tilesN >= 2 * parts || tilesN >= tilesM;
        parts = Math.Min(parts, splitColumns ? tilesN : tilesM);
        if (parts <= 1)
        {
            Worker(a, aTransposed, b, layout, c, m, n, k, accumulate, 0, m, 0, n);
            return;
        }
        var (pa, pb, pc) = ((nint)a, (nint)b, (nint)c);
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            if (splitColumns)
            {
                var (j0, j1) = Range(part, parts, tilesN, TKernel.NR, n);
                Worker((float*)pa, aTransposed, (float*)pb, layout, (float*)pc, m, n, k, accumulate, 0, m, j0, j1);
            }
            else
            {
                var (i0, i1) = Range(part, parts, tilesM, TKernel.MR, m);
                Worker((float*)pa, aTransposed, (float*)pb, layout, (float*)pc, m, n, k, accumulate, i0, i1, 0, n);
            }
        });
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> near-equal runs of whole tiles, as element bounds clipped to <paramref name="size"/>.</summary>
    private static (int Start, int End) Range(int part, int parts, int tiles, int tile, int size)
    {
        var start = (int)((long)tiles * part / parts) * tile;
        var end = (int)((long)tiles * (part + 1) / parts) * tile;
        return (Math.Min(start, size), Math.Min(end, size));
    }

    /// <summary>Computes C[i0..i1, j0..j1]. j0 is a multiple of NR (packed B is addressed by whole panels).</summary>
    private static void Worker(float* a, bool aTransposed, float* b, GemmBLayout layout, float* c, int m, int n, int k, bool accumulate, int i0, int i1, int j0, int j1)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        var kcMax = GemmTuning.Kc;
        var ncMax = Math.Max(nr, GemmTuning.Nc / nr * nr);
        var aPanel = GemmBuffers.A(mr * kcMax);
        var bBlock = layout == GemmBLayout.Packed ? null : GemmBuffers.B(kcMax * ncMax);
        var edgeTile = stackalloc float[mr * nr];
        for (var jc = j0; jc < j1; jc += ncMax)
        {
            var nc = Math.Min(ncMax, j1 - jc);
            for (var pc = 0; pc < k; pc += kcMax)
            {
                var kc = Math.Min(kcMax, k - pc);
                // Only the first depth block may overwrite C; later ones (and accumulate) add to it.
                var add = accumulate || pc > 0;
                float* bp;
                nint panelStride;
                if (layout == GemmBLayout.Packed)
                {
                    panelStride = (nint)k * nr;
                    bp = b + jc / nr * panelStride + (nint)pc * nr;
                }
                else
                {
                    panelStride = (nint)kc * nr;
                    bp = bBlock;
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var dst = bBlock + jr / nr * panelStride;
                        if (layout == GemmBLayout.Transposed)
                            GemmPacking.PackBTransposed(b + (nint)(jc + jr) * k + pc, k, kc, cols, nr, dst);
                        else
                            GemmPacking.PackBRowMajor(b + (nint)pc * n + jc + jr, n, kc, cols, nr, dst);
                    }
                }
                for (var ir = i0; ir < i1; ir += mr)
                {
                    var rows = Math.Min(mr, i1 - ir);
                    if (aTransposed)
                        GemmPacking.PackATransposed(a + (nint)pc * m + ir, m, rows, kc, mr, aPanel);
                    else
                        GemmPacking.PackA(a + (nint)ir * k + pc, k, rows, kc, mr, aPanel);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var cTile = c + (nint)ir * n + jc + jr;
                        var bPanel = bp + jr / nr * panelStride;
                        if (rows == mr && cols == nr)
                        {
                            TKernel.Run(kc, aPanel, bPanel, cTile, n, add);
                        }
                        else
                        {
                            // Partial tile: run the full kernel into a scratch tile, then copy the valid corner.
                            TKernel.Run(kc, aPanel, bPanel, edgeTile, nr, add: false);
                            for (var i = 0; i < rows; i++)
                            {
                                for (var j = 0; j < cols; j++)
                                    cTile[(nint)i * n + j] = add ? cTile[(nint)i * n + j] + edgeTile[i * nr + j] : edgeTile[i * nr + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
