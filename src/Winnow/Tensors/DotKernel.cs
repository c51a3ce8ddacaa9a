using System.Runtime.Intrinsics;

namespace Winnow.Tensors;

/// <summary>Which instruction width <see cref="DotKernel"/> uses; tests run every one the machine has.</summary>
internal enum KernelPath
{
    Scalar,
    Vector256,
    Vector512,
}

/// <summary>
/// Dot products of 8 vectors (row-major, 8 × d: centroids or k-means++ candidates) with the 32 rows of one
/// panel of <see cref="PanelWidth"/> rows stored dimension-major (Selection.Clustering.PackedRows), written as out[8][32]. Squared distances are then ‖x‖² + ‖c‖² − 2 x·c, which
/// turns the distance work into a matrix product held in registers: per dimension, 2 panel loads and 8 broadcasts
/// feed 16 Vector512 FMAs. The panel (32 × d floats) stays in L1 while all centroid groups stream past it.
/// </summary>
internal static unsafe class DotKernel
{
    public const int Vectors = 8;

    /// <summary>Rows per panel: one 32-float line holds one coordinate of 32 rows, two Vector512 registers.</summary>
    public const int PanelWidth = 32;

    public static KernelPath Best =>
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : KernelPath.Scalar;

    public static void Tile(float* vectors, int d, float* panel, float* output, KernelPath path)
    {
        switch (path)
        {
            case KernelPath.Vector512: Tile512(vectors, d, panel, output); break;
            case KernelPath.Vector256: Tile256(vectors, d, panel, output); break;
            default: TileScalar(vectors, d, panel, output); break;
        }
    }

    /// <summary>The scalar twin the vector paths are tested against.</summary>
    public static void TileScalar(float* vectors, int d, float* panel, float* output)
    {
        for (var v = 0; v < Vectors; v++)
        {
            for (var lane = 0; lane < PanelWidth; lane++)
            {
                var sum = 0f;
                for (var j = 0; j < d; j++)
                    sum += vectors[v * d + j] * panel[j * PanelWidth + lane];
                output[v * PanelWidth + lane] = sum;
            }
        }
    }

    /// <summary>16 zmm accumulators (8 vectors × 2 halves of the panel line).</summary>
    private static void Tile512(float* c, int d, float* panel, float* output)
    {
        var a00 = Vector512<float>.Zero; var a01 = Vector512<float>.Zero;
        var a10 = Vector512<float>.Zero; var a11 = Vector512<float>.Zero;
        var a20 = Vector512<float>.Zero; var a21 = Vector512<float>.Zero;
        var a30 = Vector512<float>.Zero; var a31 = Vector512<float>.Zero;
        var a40 = Vector512<float>.Zero; var a41 = Vector512<float>.Zero;
        var a50 = Vector512<float>.Zero; var a51 = Vector512<float>.Zero;
        var a60 = Vector512<float>.Zero; var a61 = Vector512<float>.Zero;
        var a70 = Vector512<float>.Zero; var a71 = Vector512<float>.Zero;
        float* c0 = c, c1 = c + d, c2 = c + 2 * d, c3 = c + 3 * d, c4 = c + 4 * d, c5 = c + 5 * d, c6 = c + 6 * d, c7 = c + 7 * d;
        for (var j = 0; j < d; j++, panel += 32)
        {
            var b0 = Vector512.Load(panel);
            var b1 = Vector512.Load(panel + 16);
            var v = Vector512.Create(c0[j]); a00 = Vector512.FusedMultiplyAdd(v, b0, a00); a01 = Vector512.FusedMultiplyAdd(v, b1, a01);
            v = Vector512.Create(c1[j]); a10 = Vector512.FusedMultiplyAdd(v, b0, a10); a11 = Vector512.FusedMultiplyAdd(v, b1, a11);
            v = Vector512.Create(c2[j]); a20 = Vector512.FusedMultiplyAdd(v, b0, a20); a21 = Vector512.FusedMultiplyAdd(v, b1, a21);
            v = Vector512.Create(c3[j]); a30 = Vector512.FusedMultiplyAdd(v, b0, a30); a31 = Vector512.FusedMultiplyAdd(v, b1, a31);
            v = Vector512.Create(c4[j]); a40 = Vector512.FusedMultiplyAdd(v, b0, a40); a41 = Vector512.FusedMultiplyAdd(v, b1, a41);
            v = Vector512.Create(c5[j]); a50 = Vector512.FusedMultiplyAdd(v, b0, a50); a51 = Vector512.FusedMultiplyAdd(v, b1, a51);
            v = Vector512.Create(c6[j]); a60 = Vector512.FusedMultiplyAdd(v, b0, a60); a61 = Vector512.FusedMultiplyAdd(v, b1, a61);
            v = Vector512.Create(c7[j]); a70 = Vector512.FusedMultiplyAdd(v, b0, a70); a71 = Vector512.FusedMultiplyAdd(v, b1, a71);
        }
        a00.Store(output); a01.Store(output + 16);
        a10.Store(output + 32); a11.Store(output + 48);
        a20.Store(output + 64); a21.Store(output + 80);
        a30.Store(output + 96); a31.Store(output + 112);
        a40.Store(output + 128); a41.Store(output + 144);
        a50.Store(output + 160); a51.Store(output + 176);
        a60.Store(output + 192); a61.Store(output + 208);
        a70.Store(output + 224); a71.Store(output + 240);
    }

    /// <summary>AVX2 has 16 ymm registers, so the tile is done as four 4-vector × 16-lane quarters (8 accumulators each).</summary>
    private static void Tile256(float* c, int d, float* panel, float* output)
    {
        for (var vectorHalf = 0; vectorHalf < 2; vectorHalf++)
        {
            for (var laneHalf = 0; laneHalf < 2; laneHalf++)
                Quarter256(c + vectorHalf * 4 * d, d, panel + laneHalf * 16, output + vectorHalf * 4 * 32 + laneHalf * 16);
        }
    }

    private static void Quarter256(float* c, int d, float* panel, float* output)
    {
        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
        float* c0 = c, c1 = c + d, c2 = c + 2 * d, c3 = c + 3 * d;
        for (var j = 0; j < d; j++, panel += 32)
        {
            var b0 = Vector256.Load(panel);
            var b1 = Vector256.Load(panel + 8);
            var v = Vector256.Create(c0[j]); a00 = Vector256.FusedMultiplyAdd(v, b0, a00); a01 = Vector256.FusedMultiplyAdd(v, b1, a01);
            v = Vector256.Create(c1[j]); a10 = Vector256.FusedMultiplyAdd(v, b0, a10); a11 = Vector256.FusedMultiplyAdd(v, b1, a11);
            v = Vector256.Create(c2[j]); a20 = Vector256.FusedMultiplyAdd(v, b0, a20); a21 = Vector256.FusedMultiplyAdd(v, b1, a21);
            v = Vector256.Create(c3[j]); a30 = Vector256.FusedMultiplyAdd(v, b0, a30); a31 = Vector256.FusedMultiplyAdd(v, b1, a31);
        }
        a00.Store(output); a01.Store(output + 8);
        a10.Store(output + 32); a11.Store(output + 40);
        a20.Store(output + 64); a21.Store(output + 72);
        a30.Store(output + 96); a31.Store(output + 104);
    }
}
