using System.Runtime.Intrinsics;

namespace Winnow.Tensors.Quantised;

/// <summary>
/// The portable micro-kernel of <see cref="Q8Gemm"/> (no AVX-VNNI: ARM, older x86), on the same packed layout with
/// <see cref="Vector128"/>'s cross-platform operations: a column's 4 weight bytes times the activation quad, widened to
/// 16 then 32 bits (a product of an unsigned and a signed byte fits in 16 bits), summed per column over the block.
/// Integer sums are exact, so it gives the AVX-VNNI kernel's results bit for bit, slower.
/// </summary>
internal static unsafe class Q8KernelPortable
{
    /// <summary>One activation row (offset quants, scales) against one panel, accumulating into 16 floats of C.</summary>
    public static void Rows1(byte* a, float* aScales, int blocks, sbyte* w, float* wScales, int* corrections, float* c)
    {
        var lanes = stackalloc Vector128<int>[Q8Matrix.PanelWidth];
        for (var b = 0; b < blocks; b++)
        {
            for (var col = 0; col < Q8Matrix.PanelWidth; col++)
                lanes[col] = Vector128<int>.Zero;
            var a0 = a + b * Q8Rows.Block;
            for (var q = 0; q < Q8Rows.Block / 4; q++)
            {
                short x0 = a0[q * 4], x1 = a0[q * 4 + 1], x2 = a0[q * 4 + 2], x3 = a0[q * 4 + 3];
                var x = Vector128.Create(x0, x1, x2, x3, x0, x1, x2, x3);
                for (var group = 0; group < Q8Matrix.PanelWidth / 4; group++)
                {
                    var (lo, hi) = Vector128.Widen(Vector128.Load(w + q * 64 + group * 16));
                    var (p0, p1) = Vector128.Widen(lo * x);
                    var (p2, p3) = Vector128.Widen(hi * x);
                    lanes[group * 4] += p0;
                    lanes[group * 4 + 1] += p1;
                    lanes[group * 4 + 2] += p2;
                    lanes[group * 4 + 3] += p3;
                }
            }
            var xScale = aScales[b];
            for (var col = 0; col < Q8Matrix.PanelWidth; col++)
                c[col] = MathF.FusedMultiplyAdd((corrections[col] + Vector128.Sum(lanes[col])) * wScales[col], xScale, c[col]);
            w += Q8Matrix.PanelBlockBytes;
            wScales += Q8Matrix.PanelWidth;
            corrections += Q8Matrix.PanelWidth;
        }
    }
}
