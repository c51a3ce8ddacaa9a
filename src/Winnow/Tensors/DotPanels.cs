using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Tensors;

/// <summary>
/// A fixed set of vectors (row-major, <c>count × dim</c>) whose dot products with many rows are wanted: the nearest-prompt
/// search of response-fit, 8,192 anchors against every row of the pool. With AVX-512 and a width that is a multiple of
/// 16, the vectors are packed 16 to a panel, dimension-major, and a row's products with a panel's 16 vectors are one
/// register each: lane j of accumulator l adds x[d]·v_j[d] for d ≡ l (mod 16), by one fused multiply-add per d with
/// x[d] broadcast, and the 16 accumulators are totalled by the adjacent-pairs tree. That is, for every pair, the
/// arithmetic of <see cref="BlockDot"/>'s tile (lane l of a 16-wide accumulator, then <see cref="BlockDot.PairSums"/>),
/// so the products are bit for bit those of <see cref="BlockDot.Compute"/>; but no lane is reduced across a register,
/// which in the tile cost more instructions than its multiply-adds. Without AVX-512, or at a width that is not a
/// multiple of 16, it is <see cref="BlockDot.Compute"/>.
/// </summary>
public sealed class DotPanels
{
    private const int Width = 16;
    private readonly float[] _vectors;
    // Pinned, so that the panels' start, 64-byte aligned, stays put: every load is one cache line (an array's data
    // starts 16 bytes into a line, and loads split across two lines ran the kernel about 1.6 times slower).
    private readonly float[] _packed;
    private readonly int _start;

    public DotPanels(float[] vectors, int count, int dim)
    {
        if (vectors.Length < count * dim)
            throw new ArgumentException($"{vectors.Length} floats hold fewer than {count} vectors of {dim}");
        (Count, Dim) = (count, dim);
        // The row-major vectors are kept only for the fallback: packed, they would be a second copy.
        (_packed, _start) = Packed ? Pack(vectors, count, dim) : ([], 0);
        _vectors = Packed ? [] : vectors;
    }

    public int Count { get; }

    public int Dim { get; }

    private bool Packed => Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Dim > 0 && Dim % Width == 0;

    /// <summary>Panel p holds vectors 16p … 16p + 15 (zeros past the last) as dim rows of 16 lanes, from the returned start (a 64-byte boundary) on.</summary>
    private static unsafe (float[] Packed, int Start) Pack(float[] vectors, int count, int dim)
    {
        var panels = (count + Width - 1) / Width;
        var packed = GC.AllocateArray<float>(panels * dim * Width + Width, pinned: true);
        var start = (int)((64 - (nint)Unsafe.AsPointer(ref packed[0]) % 64) % 64 / sizeof(float));
        for (var v = 0; v < count; v++)
        {
            var (panel, lane) = Math.DivRem(v, Width);
            for (var d = 0; d < dim; d++)
                packed[start + (panel * dim + d) * Width + lane] = vectors[v * dim + d];
        }
        return (packed, start);
    }

    /// <summary>Writes <c>result[r * Count + v] = rows_r · vector_v</c> for the <paramref name="rowCount"/> rows of <paramref name="rows"/>.</summary>
    public void Compute(ReadOnlySpan<float> rows, int rowCount, Span<float> result)
    {
        if (rows.Length < rowCount * Dim || result.Length < rowCount * Count)
            throw new ArgumentException($"panel dot operands too small for {rowCount} × {Count} × {Dim}");
        if (!Packed)
        {
            BlockDot.Compute(rows, rowCount, _vectors, Count, Dim, result);
            return;
        }
        ref var row0 = ref MemoryMarshal.GetReference(rows);
        ref var packed0 = ref _packed[_start];
        // One panel (16 × dim floats, 16 KB at 256) stays in the L1 cache while every row passes over it.
        for (var panel = 0; panel * Width < Count; panel++)
        {
            ref var panelStart = ref Unsafe.Add(ref packed0, panel * Dim * Width);
            var first = panel * Width;
            var width = Math.Min(Width, Count - first);
            for (var r = 0; r < rowCount; r++)
            {
                var totals = Panel(ref Unsafe.Add(ref row0, r * Dim), ref panelStart, Dim);
                if (width == Width)
                {
                    totals.StoreUnsafe(ref result[r * Count + first]);
                    continue;
                }
                for (var j = 0; j < width; j++)
                    result[r * Count + first + j] = totals.GetElement(j);
            }
        }
    }

    /// <summary>One row against one panel: the 16 products, lane j for the panel's vector j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Panel(ref float x, ref float panel, int dim)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        for (nuint d = 0; d < (nuint)dim; d += Width)
        {
            ref var v = ref Unsafe.Add(ref panel, d * Width);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d)), Vector512.LoadUnsafe(ref v, 0 * Width), a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 1)), Vector512.LoadUnsafe(ref v, 1 * Width), a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 2)), Vector512.LoadUnsafe(ref v, 2 * Width), a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 3)), Vector512.LoadUnsafe(ref v, 3 * Width), a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 4)), Vector512.LoadUnsafe(ref v, 4 * Width), a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 5)), Vector512.LoadUnsafe(ref v, 5 * Width), a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 6)), Vector512.LoadUnsafe(ref v, 6 * Width), a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 7)), Vector512.LoadUnsafe(ref v, 7 * Width), a7);
            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 8)), Vector512.LoadUnsafe(ref v, 8 * Width), a8);
            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 9)), Vector512.LoadUnsafe(ref v, 9 * Width), a9);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 10)), Vector512.LoadUnsafe(ref v, 10 * Width), a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 11)), Vector512.LoadUnsafe(ref v, 11 * Width), a11);
            a12 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 12)), Vector512.LoadUnsafe(ref v, 12 * Width), a12);
            a13 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 13)), Vector512.LoadUnsafe(ref v, 13 * Width), a13);
            a14 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 14)), Vector512.LoadUnsafe(ref v, 14 * Width), a14);
            a15 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 15)), Vector512.LoadUnsafe(ref v, 15 * Width), a15);
        }
        // The adjacent-pairs tree of BlockDot.PairSums's four rounds, here lane-wise across the accumulators.
        return (((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) + (((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));
    }
}
