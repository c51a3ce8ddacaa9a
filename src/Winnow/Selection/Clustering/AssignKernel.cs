using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Winnow.Selection.Clustering;

/// <summary>Which instruction width <see cref="AssignKernel"/> uses; tests run every one the machine has.</summary>
internal enum KernelPath
{
    Scalar,
    Vector256,
    Vector512,
}

/// <summary>
/// Nearest-centroid assignment, the hot loop of Lloyd's algorithm. Squared distances are expanded as
/// ‖x‖² + ‖c‖² − 2 x·c so the work becomes a matrix product: tiles of 8 rows × 32 centroids are accumulated in
/// registers over all dimensions (the row tile stays in L1, a packed panel streams from L2), then each row's
/// argmin is taken over the dot-product buffer. The expansion loses a little precision for points very close to
/// a centroid; that only matters for the reported distances, which the caller recomputes exactly where needed.
/// </summary>
internal static unsafe class AssignKernel
{
    public const int TileRows = 8;

    public static KernelPath Best =>
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : KernelPath.Scalar;

    /// <summary>
    /// For rows [start, end) writes the index of the nearest centroid (ties: lower index) to <paramref name="labels"/>
    /// and the expanded squared distance, clamped at 0, to <paramref name="distances"/>.
    /// </summary>
    public static void Assign(RowMatrix x, ReadOnlySpan<float> rowNorms, PackedCentroids centroids, int start, int end,
        Span<int> labels, Span<float> distances, KernelPath path)
    {
        var d = x.Cols;
        var padded = centroids.Padded;
        var buffer = new float[TileRows * padded];
        var tail = new float[TileRows * d];
        fixed (float* panels = centroids.Panels, dots = buffer, tailRows = tail)
        {
            for (var r0 = start; r0 < end; r0 += TileRows)
            {
                var rows = Math.Min(TileRows, end - r0);
                var tile = x.RowPointer(r0);
                if (rows < TileRows)
                {
                    // A short last tile is copied into zeroed scratch so the kernel always reads 8 full rows.
                    Array.Clear(tail);
                    new ReadOnlySpan<float>(tile, rows * d).CopyTo(tail);
                    tile = tailRows;
                }
                for (var p = 0; p < centroids.PanelCount; p++)
                {
                    var panel = panels + (long)p * d * PackedCentroids.PanelWidth;
                    var output = dots + p * PackedCentroids.PanelWidth;
                    switch (path)
                    {
                        case KernelPath.Vector512: Tile512(tile, d, panel, output, padded); break;
                        case KernelPath.Vector256: Tile256(tile, d, panel, output, padded); break;
                        default: TileScalar(tile, d, panel, output, padded); break;
                    }
                }
                for (var r = 0; r < rows; r++)
                {
                    var row = buffer.AsSpan(r * padded, padded);
                    TensorPrimitives.MultiplyAdd(row, -2f, centroids.Norms, row);
                    var best = TensorPrimitives.IndexOfMin(row);
                    labels[r0 + r] = best;
                    distances[r0 + r] = Math.Max(0f, rowNorms[r0 + r] + row[best]);
                }
            }
        }
    }

    /// <summary>8 rows × 32 centroids: 16 zmm accumulators, per dimension 2 panel loads and 8 broadcasts for 16 FMAs.</summary>
    private static void Tile512(float* x, int d, float* panel, float* output, int stride)
    {
        var a00 = Vector512<float>.Zero; var a01 = Vector512<float>.Zero;
        var a10 = Vector512<float>.Zero; var a11 = Vector512<float>.Zero;
        var a20 = Vector512<float>.Zero; var a21 = Vector512<float>.Zero;
        var a30 = Vector512<float>.Zero; var a31 = Vector512<float>.Zero;
        var a40 = Vector512<float>.Zero; var a41 = Vector512<float>.Zero;
        var a50 = Vector512<float>.Zero; var a51 = Vector512<float>.Zero;
        var a60 = Vector512<float>.Zero; var a61 = Vector512<float>.Zero;
        var a70 = Vector512<float>.Zero; var a71 = Vector512<float>.Zero;
        float* x0 = x, x1 = x + d, x2 = x + 2 * d, x3 = x + 3 * d, x4 = x + 4 * d, x5 = x + 5 * d, x6 = x + 6 * d, x7 = x + 7 * d;
        for (var j = 0; j < d; j++, panel += 32)
        {
            var b0 = Vector512.Load(panel);
            var b1 = Vector512.Load(panel + 16);
            var v = Vector512.Create(x0[j]); a00 = Vector512.FusedMultiplyAdd(v, b0, a00); a01 = Vector512.FusedMultiplyAdd(v, b1, a01);
            v = Vector512.Create(x1[j]); a10 = Vector512.FusedMultiplyAdd(v, b0, a10); a11 = Vector512.FusedMultiplyAdd(v, b1, a11);
            v = Vector512.Create(x2[j]); a20 = Vector512.FusedMultiplyAdd(v, b0, a20); a21 = Vector512.FusedMultiplyAdd(v, b1, a21);
            v = Vector512.Create(x3[j]); a30 = Vector512.FusedMultiplyAdd(v, b0, a30); a31 = Vector512.FusedMultiplyAdd(v, b1, a31);
            v = Vector512.Create(x4[j]); a40 = Vector512.FusedMultiplyAdd(v, b0, a40); a41 = Vector512.FusedMultiplyAdd(v, b1, a41);
            v = Vector512.Create(x5[j]); a50 = Vector512.FusedMultiplyAdd(v, b0, a50); a51 = Vector512.FusedMultiplyAdd(v, b1, a51);
            v = Vector512.Create(x6[j]); a60 = Vector512.FusedMultiplyAdd(v, b0, a60); a61 = Vector512.FusedMultiplyAdd(v, b1, a61);
            v = Vector512.Create(x7[j]); a70 = Vector512.FusedMultiplyAdd(v, b0, a70); a71 = Vector512.FusedMultiplyAdd(v, b1, a71);
        }
        a00.Store(output); a01.Store(output + 16); output += stride;
        a10.Store(output); a11.Store(output + 16); output += stride;
        a20.Store(output); a21.Store(output + 16); output += stride;
        a30.Store(output); a31.Store(output + 16); output += stride;
        a40.Store(output); a41.Store(output + 16); output += stride;
        a50.Store(output); a51.Store(output + 16); output += stride;
        a60.Store(output); a61.Store(output + 16); output += stride;
        a70.Store(output); a71.Store(output + 16);
    }

    /// <summary>AVX2 has 16 ymm registers, so the 8 × 32 tile is done as four 4-row × 16-centroid quarters (8 accumulators each).</summary>
    private static void Tile256(float* x, int d, float* panel, float* output, int stride)
    {
        for (var rowHalf = 0; rowHalf < 2; rowHalf++)
        {
            for (var colHalf = 0; colHalf < 2; colHalf++)
                Quarter256(x + rowHalf * 4 * d, d, panel + colHalf * 16, output + rowHalf * 4 * stride + colHalf * 16, stride);
        }
    }

    private static void Quarter256(float* x, int d, float* panel, float* output, int stride)
    {
        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
        float* x0 = x, x1 = x + d, x2 = x + 2 * d, x3 = x + 3 * d;
        for (var j = 0; j < d; j++, panel += 32)
        {
            var b0 = Vector256.Load(panel);
            var b1 = Vector256.Load(panel + 8);
            var v = Vector256.Create(x0[j]); a00 = Vector256.FusedMultiplyAdd(v, b0, a00); a01 = Vector256.FusedMultiplyAdd(v, b1, a01);
            v = Vector256.Create(x1[j]); a10 = Vector256.FusedMultiplyAdd(v, b0, a10); a11 = Vector256.FusedMultiplyAdd(v, b1, a11);
            v = Vector256.Create(x2[j]); a20 = Vector256.FusedMultiplyAdd(v, b0, a20); a21 = Vector256.FusedMultiplyAdd(v, b1, a21);
            v = Vector256.Create(x3[j]); a30 = Vector256.FusedMultiplyAdd(v, b0, a30); a31 = Vector256.FusedMultiplyAdd(v, b1, a31);
        }
        a00.Store(output); a01.Store(output + 8); output += stride;
        a10.Store(output); a11.Store(output + 8); output += stride;
        a20.Store(output); a21.Store(output + 8); output += stride;
        a30.Store(output); a31.Store(output + 8);
    }

    private static void TileScalar(float* x, int d, float* panel, float* output, int stride)
    {
        for (var r = 0; r < TileRows; r++)
        {
            for (var c = 0; c < PackedCentroids.PanelWidth; c++)
            {
                var sum = 0f;
                for (var j = 0; j < d; j++)
                    sum += x[r * d + j] * panel[j * PackedCentroids.PanelWidth + c];
                output[r * stride + c] = sum;
            }
        }
    }
}
