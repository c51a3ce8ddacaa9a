using System.Runtime.Intrinsics;

namespace Winnow.Tensors;

/// <summary>
/// Packs GEMM operands into the layouts the micro-kernels stream: an A micro-panel as kc groups of MR row values
/// (column p of an MR-row strip), a B micro-panel as kc groups of NR column values (row p of an NR-column strip).
/// Rows/columns past the matrix edge are zero-filled, so the kernels always run full tiles and the padding
/// contributes exact zeros.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [i0, i0 + rows) × columns [p0, p0 + kc) of row-major A (row stride lda) into
    /// <paramref name="dst"/> as kc groups of <paramref name="mr"/> values; rows ≥ <paramref name="rows"/> are zero.
    /// </summary>
    public static void PackA(float* a, nint lda, int rows, int kc, int mr, float* dst)
    {
        for (var i = 0; i < rows; i++)
        {
            var src = a + i * lda;
            for (var p = 0; p < kc; p++)
                dst[p * mr + i] = src[p];
        }
        for (var i = rows; i < mr; i++)
        {
            for (var p = 0; p < kc; p++)
                dst[p * mr + i] = 0f;
        }
    }

    /// <summary>
    /// As <see cref="PackA"/> for an A stored transposed ([k×m] row-major, row stride <paramref name="lda"/> = m):
    /// element (i, p) of the block is at <c>aT[p·lda + i]</c>, so each group of MR values is one contiguous run.
    /// The packed panel is identical to PackA's for the same logical A, so products are bit for bit the same.
    /// </summary>
    public static void PackATransposed(float* aT, nint lda, int rows, int kc, int mr, float* dst)
    {
        for (var p = 0; p < kc; p++)
        {
            var src = aT + p * lda;
            var d = dst + p * mr;
            for (var i = 0; i < rows; i++)
                d[i] = src[i];
            for (var i = rows; i < mr; i++)
                d[i] = 0f;
        }
    }

    /// <summary>
    /// Packs a kc × cols block of B whose element (p, j) is at <c>b[p·n + j]</c> (B stored [k×n], rows contiguous
    /// along n) into one NR-wide micro-panel: kc groups of <paramref name="nr"/> values, columns ≥ cols zero.
    /// </summary>
    public static void PackBRowMajor(float* b, nint n, int kc, int cols, int nr, float* dst)
    {
        if (cols == nr && nr % Vector256<float>.Count == 0)
        {
            // Full panel: each row of the block is one contiguous run, copied with whole vectors.
            for (var p = 0; p < kc; p++)
            {
                var src = b + p * n;
                var d = dst + p * nr;
                for (var j = 0; j < nr; j += Vector256<float>.Count)
                    Vector256.Store(Vector256.Load(src + j), d + j);
            }
            return;
        }
        for (var p = 0; p < kc; p++)
        {
            var src = b + p * n;
            var d = dst + p * nr;
            for (var j = 0; j < cols; j++)
                d[j] = src[j];
            for (var j = cols; j < nr; j++)
                d[j] = 0f;
        }
    }

    /// <summary>
    /// Packs a kc × cols block of B whose element (p, j) is at <c>b[j·k + p]</c> (B stored [n×k], PyTorch Linear
    /// weight) into one NR-wide micro-panel. Each source row is contiguous in p, so this is a transpose: it walks
    /// one source row at a time (sequential reads) and writes with stride NR inside the small panel, which stays in L1.
    /// </summary>
    public static void PackBTransposed(float* b, nint k, int kc, int cols, int nr, float* dst)
    {
        for (var j = 0; j < cols; j++)
        {
            var src = b + j * k;
            for (var p = 0; p < kc; p++)
                dst[p * nr + j] = src[p];
        }
        for (var j = cols; j < nr; j++)
        {
            for (var p = 0; p < kc; p++)
                dst[p * nr + j] = 0f;
        }
    }
}
