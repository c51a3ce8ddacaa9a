using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Tensors;

/// <summary>
/// Blocked dot products C[i, j] = a_i · b_j for a block of rows of A against a block of rows of B (both row-major,
/// same width). The Vector512 path keeps a 4 × 4 tile of accumulators in registers, so every loaded vector feeds
/// four FMAs. Without AVX-512, with AVX2 and FMA at a width that is a multiple of 16, the smaller side is packed into
/// <see cref="DotPanels"/>, whose products are the 4 × 4 tile's arithmetic (<see cref="DotPanels.Reference"/>) for
/// every pair. Otherwise each pair goes through <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>,
/// as the pairs outside whole tiles do on the Vector512 path.
/// </summary>
public static class BlockDot
{
    /// <summary>Writes <c>result[i * bRows + j] = dot(a_i, b_j)</c>.</summary>
    public static void Compute(ReadOnlySpan<float> a, int aRows, ReadOnlySpan<float> b, int bRows, int dim, Span<float> result)
    {
        if (a.Length < aRows * dim || b.Length < bRows * dim || result.Length < aRows * bRows)
            throw new ArgumentException($"block dot operands too small for {aRows} × {bRows} × {dim}");
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported && dim >= Vector512<float>.Count)
            Compute512(a, aRows, b, bRows, dim, result);
        // One pair at a time, a 256-wide product cost several times its multiply-adds in calls and reductions.
        else if (DotPanels.UsesAvx2Panels(dim) && aRows > 0 && bRows > 0)
            ComputePanels(a, aRows, b, bRows, dim, result);
        else
            ComputePairs(a, 0, aRows, b, 0, bRows, dim, result, bRows);
    }

    /// <summary>
    /// The AVX2 path: the smaller side is packed into panels and the larger streamed past them, so the packing costs
    /// little against the products. A product's bits do not depend on which side is packed: each lane's fused
    /// multiply-adds take the same two operands in either order.
    /// </summary>
    private static void ComputePanels(ReadOnlySpan<float> a, int aRows, ReadOnlySpan<float> b, int bRows, int dim, Span<float> result)
    {
        if (bRows <= aRows)
        {
            DotPanels.Of(b, bRows, dim).Compute(a, aRows, result);
            return;
        }
        var transposed = System.Buffers.ArrayPool<float>.Shared.Rent(aRows * bRows);
        try
        {
            DotPanels.Of(a, aRows, dim).Compute(b, bRows, transposed);
            Transpose.Into(transposed.AsSpan(0, aRows * bRows), bRows, aRows, result);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(transposed);
        }
    }

    /// <summary>The portable reference path (and the tail of the tiled path).</summary>
    internal static void ComputePairs(ReadOnlySpan<float> a, int aStart, int aEnd, ReadOnlySpan<float> b, int bStart, int bEnd, int dim, Span<float> result, int stride)
    {
        for (var i = aStart; i < aEnd; i++)
        {
            var rowA = a.Slice(i * dim, dim);
            for (var j = bStart; j < bEnd; j++)
                result[i * stride + j] = TensorPrimitives.Dot(rowA, b.Slice(j * dim, dim));
        }
    }

    /// <summary>
    /// Bytes of B's rows that one sweep of A's row groups reuses: with A's rows passing over a panel that stays in the
    /// core's cache, B is read from memory once rather than once per four rows of A (at 8,192 × 256 floats, 8 MB a
    /// read: the product was bound by that traffic, not by its multiply-adds). Each pair's dot product is the same
    /// tile's arithmetic in any traversal, so the order changes no result.
    /// </summary>
    private const int PanelBytes = 64 * 1024;

    private static void Compute512(ReadOnlySpan<float> a, int aRows, ReadOnlySpan<float> b, int bRows, int dim, Span<float> result)
    {
        var width = Vector512<float>.Count;
        var vectorEnd = dim - dim % width;
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        var (aTiled, bTiled) = (aRows - aRows % 4, bRows - bRows % 4);
        var panel = Math.Max(4, PanelBytes / (sizeof(float) * dim) / 4 * 4);
        for (var from = 0; from < bTiled; from += panel)
        {
            var to = Math.Min(from + panel, bTiled);
            for (var i = 0; i < aTiled; i += 4)
            {
                for (var j = from; j < to; j += 4)
                    Tile4x4(ref a0, ref b0, i, j, dim, vectorEnd, result, bRows);
            }
        }
        ComputePairs(a, 0, aTiled, b, bTiled, bRows, dim, result, bRows);
        ComputePairs(a, aTiled, aRows, b, 0, bRows, dim, result, bRows);
    }

    /// <summary>
    /// The sums of adjacent lanes of x followed by y: [x0 + x1, x2 + x3, …, x14 + x15, y0 + y1, …, y14 + y15]. Four
    /// rounds over sixteen vectors give each vector's total by the adjacent-pairs tree ((x0 + x1) + (x2 + x3)) + …, the
    /// order Vector512.Sum adds in on this runtime (the products' digests did not move), in 15 additions and 30 permutes
    /// where sixteen Vector512.Sum calls took over 300 instructions, more than the tile's 256 multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> PairSums(Vector512<float> x, Vector512<float> y) =>
        Avx512F.PermuteVar16x32x2(x, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), y)
        + Avx512F.PermuteVar16x32x2(x, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x4(ref float a0, ref float b0, int i, int j, int dim, int vectorEnd, Span<float> result, int stride)
    {
        nuint ra0 = (nuint)(i * dim), ra1 = ra0 + (nuint)dim, ra2 = ra1 + (nuint)dim, ra3 = ra2 + (nuint)dim;
        nuint rb0 = (nuint)(j * dim), rb1 = rb0 + (nuint)dim, rb2 = rb1 + (nuint)dim, rb3 = rb2 + (nuint)dim;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        for (nuint k = 0; k < (nuint)vectorEnd; k += (nuint)Vector512<float>.Count)
        {
            var x0 = Vector512.LoadUnsafe(ref a0, ra0 + k);
            var x1 = Vector512.LoadUnsafe(ref a0, ra1 + k);
            var x2 = Vector512.LoadUnsafe(ref a0, ra2 + k);
            var x3 = Vector512.LoadUnsafe(ref a0, ra3 + k);
            var y = Vector512.LoadUnsafe(ref b0, rb0 + k);
            c00 = Vector512.FusedMultiplyAdd(x0, y, c00); c10 = Vector512.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector512.FusedMultiplyAdd(x2, y, c20); c30 = Vector512.FusedMultiplyAdd(x3, y, c30);
            y = Vector512.LoadUnsafe(ref b0, rb1 + k);
            c01 = Vector512.FusedMultiplyAdd(x0, y, c01); c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
            c21 = Vector512.FusedMultiplyAdd(x2, y, c21); c31 = Vector512.FusedMultiplyAdd(x3, y, c31);
            y = Vector512.LoadUnsafe(ref b0, rb2 + k);
            c02 = Vector512.FusedMultiplyAdd(x0, y, c02); c12 = Vector512.FusedMultiplyAdd(x1, y, c12);
            c22 = Vector512.FusedMultiplyAdd(x2, y, c22); c32 = Vector512.FusedMultiplyAdd(x3, y, c32);
            y = Vector512.LoadUnsafe(ref b0, rb3 + k);
            c03 = Vector512.FusedMultiplyAdd(x0, y, c03); c13 = Vector512.FusedMultiplyAdd(x1, y, c13);
            c23 = Vector512.FusedMultiplyAdd(x2, y, c23); c33 = Vector512.FusedMultiplyAdd(x3, y, c33);
        }
        // Four rounds of pair sums leave c00, c01, …, c33's totals in lanes 0, 1, …, 15.
        var totals = PairSums(
            PairSums(PairSums(PairSums(c00, c01), PairSums(c02, c03)), PairSums(PairSums(c10, c11), PairSums(c12, c13))),
            PairSums(PairSums(PairSums(c20, c21), PairSums(c22, c23)), PairSums(PairSums(c30, c31), PairSums(c32, c33))));
        for (var p = 0; p < 4; p++)
        {
            for (var q = 0; q < 4; q++)
            {
                var sum = totals.GetElement(p * 4 + q);
                // The widths that are not a multiple of 16 finish with a scalar tail.
                for (var k = vectorEnd; k < dim; k++)
                    sum += Unsafe.Add(ref a0, (i + p) * dim + k) * Unsafe.Add(ref b0, (j + q) * dim + k);
                result[(i + p) * stride + j + q] = sum;
            }
        }
    }
}
