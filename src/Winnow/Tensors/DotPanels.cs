using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Tensors;

/// <summary>
/// A fixed set of vectors (row-major, <c>count × dim</c>) whose dot products with many rows are wanted: the nearest-prompt
/// search of response-fit, 8,192 anchors against every row of the pool. At a width that is a multiple of 16, with
/// AVX-512 or with AVX2 and FMA, the vectors are packed 16 (AVX-512) or 8 (AVX2) to a panel, dimension-major, and a
/// row's products with a panel's vectors are one register each: lane j of accumulator l adds x[d]·v_j[d] for
/// d ≡ l (mod 16), by one fused multiply-add per d with x[d] broadcast, and the 16 accumulators are totalled by the
/// adjacent-pairs tree. For every pair that is the arithmetic of <see cref="BlockDot"/>'s AVX-512 tile (lane l of a
/// 16-wide accumulator, then <see cref="BlockDot.PairSums"/>), stated plainly by <see cref="Reference"/>: the products
/// are the same bits on both kinds of machine, and the same as <see cref="BlockDot.Compute"/>'s where it has AVX-512.
/// No lane is reduced across a register, which in the tile cost more instructions than its multiply-adds. With
/// neither, or at a width that is not a multiple of 16, it is <see cref="BlockDot.Compute"/>.
/// </summary>
public sealed class DotPanels
{
    // The 16 interleaved partial sums of every product, whatever the panel width.
    private const int Lanes = 16;
    private readonly float[] _vectors;
    // Pinned, so that the panels' start, 64-byte aligned, stays put: every load is one cache line (an array's data
    // starts 16 bytes into a line, and loads split across two lines ran the kernel about 1.6 times slower).
    private readonly float[] _packed;
    private readonly int _start;
    // Vectors per panel: 16 with AVX-512, 8 with AVX2 and FMA, 0 where the products go to BlockDot.
    private readonly int _width;

    public DotPanels(float[] vectors, int count, int dim)
    {
        if (vectors.Length < count * dim)
            throw new ArgumentException($"{vectors.Length} floats hold fewer than {count} vectors of {dim}");
        (Count, Dim) = (count, dim);
        _width = dim <= 0 || dim % Lanes != 0 ? 0
            : Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 16
            : Avx2.IsSupported && Fma.IsSupported ? 8
            : 0;
        // The row-major vectors are kept only for the fallback: packed, they would be a second copy.
        (_packed, _start) = _width > 0 ? Pack(vectors, count, dim, _width) : ([], 0);
        _vectors = _width > 0 ? [] : vectors;
    }

    public int Count { get; }

    public int Dim { get; }

    /// <summary>The kernel in use, for logs and benchmarks: "avx512 16-vector panels", "avx2 8-vector panels" or "block dot".</summary>
    public string Kernel => _width switch { 16 => "avx512 16-vector panels", 8 => "avx2 8-vector panels", _ => "block dot" };

    /// <summary>Panel p holds vectors width·p … width·p + width − 1 (zeros past the last) as dim rows of width lanes, from the returned start (a 64-byte boundary) on.</summary>
    private static unsafe (float[] Packed, int Start) Pack(float[] vectors, int count, int dim, int width)
    {
        var panels = (count + width - 1) / width;
        var packed = GC.AllocateArray<float>(panels * dim * width + Lanes, pinned: true);
        var start = (int)((64 - (nint)Unsafe.AsPointer(ref packed[0]) % 64) % 64 / sizeof(float));
        for (var v = 0; v < count; v++)
        {
            var (panel, lane) = Math.DivRem(v, width);
            for (var d = 0; d < dim; d++)
                packed[start + (panel * dim + d) * width + lane] = vectors[v * dim + d];
        }
        return (packed, start);
    }

    /// <summary>Writes <c>result[r * Count + v] = rows_r · vector_v</c> for the <paramref name="rowCount"/> rows of <paramref name="rows"/>.</summary>
    public void Compute(ReadOnlySpan<float> rows, int rowCount, Span<float> result)
    {
        if (rows.Length < rowCount * Dim || result.Length < rowCount * Count)
            throw new ArgumentException($"panel dot operands too small for {rowCount} × {Count} × {Dim}");
        if (_width == 0)
        {
            BlockDot.Compute(rows, rowCount, _vectors, Count, Dim, result);
            return;
        }
        ref var row0 = ref MemoryMarshal.GetReference(rows);
        ref var packed0 = ref _packed[_start];
        // One panel (width × dim floats, 16 KB or 8 KB at 256) stays in the L1 cache while every row passes over it.
        for (var panel = 0; panel * _width < Count; panel++)
        {
            ref var panelStart = ref Unsafe.Add(ref packed0, panel * Dim * _width);
            var first = panel * _width;
            var width = Math.Min(_width, Count - first);
            if (_width == 16)
            {
                for (var r = 0; r < rowCount; r++)
                {
                    var totals = Panel16(ref Unsafe.Add(ref row0, r * Dim), ref panelStart, Dim);
                    if (width == 16)
                        totals.StoreUnsafe(ref result[r * Count + first]);
                    else
                        for (var j = 0; j < width; j++)
                            result[r * Count + first + j] = totals.GetElement(j);
                }
                continue;
            }
            for (var r = 0; r < rowCount; r += 2)
            {
                // An odd last row is paired with itself: the same arithmetic, its second copy dropped.
                var second = Math.Min(r + 1, rowCount - 1);
                ref var x0 = ref Unsafe.Add(ref row0, r * Dim);
                ref var x1 = ref Unsafe.Add(ref row0, second * Dim);
                var (q00, q01) = Quarter8Pair(ref x0, ref x1, ref panelStart, 0, Dim);
                var (q10, q11) = Quarter8Pair(ref x0, ref x1, ref panelStart, 4, Dim);
                var (q20, q21) = Quarter8Pair(ref x0, ref x1, ref panelStart, 8, Dim);
                var (q30, q31) = Quarter8Pair(ref x0, ref x1, ref panelStart, 12, Dim);
                Store8((q00 + q10) + (q20 + q30), result, r * Count + first, width);
                if (second > r)
                    Store8((q01 + q11) + (q21 + q31), result, second * Count + first, width);
            }
        }
    }

    /// <summary>
    /// x · v by the panels' arithmetic, one pair at a time in scalar code: 16 partial sums, sum l taking
    /// x[d]·v[d] for d ≡ l (mod 16) by fused multiply-add in ascending d, totalled by the adjacent-pairs tree. The
    /// reference twin of both kernels (<paramref name="x"/> and <paramref name="v"/> of one length, a multiple of 16).
    /// </summary>
    public static float Reference(ReadOnlySpan<float> x, ReadOnlySpan<float> v)
    {
        if (x.Length != v.Length || x.Length % Lanes != 0)
            throw new ArgumentException($"the reference takes two vectors of one length, a multiple of {Lanes} ({x.Length} and {v.Length})");
        Span<float> sums = stackalloc float[Lanes];
        sums.Clear();
        for (var d = 0; d < x.Length; d++)
            sums[d % Lanes] = MathF.FusedMultiplyAdd(x[d], v[d], sums[d % Lanes]);
        for (var step = 1; step < Lanes; step *= 2)
        {
            for (var l = 0; l < Lanes; l += 2 * step)
                sums[l] += sums[l + step];
        }
        return sums[0];
    }

    /// <summary>One row against one 16-vector panel: the 16 products, lane j for the panel's vector j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Panel16(ref float x, ref float panel, int dim)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        for (nuint d = 0; d < (nuint)dim; d += Lanes)
        {
            ref var v = ref Unsafe.Add(ref panel, d * 16);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d)), Vector512.LoadUnsafe(ref v, 0 * 16), a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 1)), Vector512.LoadUnsafe(ref v, 1 * 16), a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 2)), Vector512.LoadUnsafe(ref v, 2 * 16), a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 3)), Vector512.LoadUnsafe(ref v, 3 * 16), a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 4)), Vector512.LoadUnsafe(ref v, 4 * 16), a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 5)), Vector512.LoadUnsafe(ref v, 5 * 16), a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 6)), Vector512.LoadUnsafe(ref v, 6 * 16), a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 7)), Vector512.LoadUnsafe(ref v, 7 * 16), a7);
            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 8)), Vector512.LoadUnsafe(ref v, 8 * 16), a8);
            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 9)), Vector512.LoadUnsafe(ref v, 9 * 16), a9);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 10)), Vector512.LoadUnsafe(ref v, 10 * 16), a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 11)), Vector512.LoadUnsafe(ref v, 11 * 16), a11);
            a12 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 12)), Vector512.LoadUnsafe(ref v, 12 * 16), a12);
            a13 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 13)), Vector512.LoadUnsafe(ref v, 13 * 16), a13);
            a14 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 14)), Vector512.LoadUnsafe(ref v, 14 * 16), a14);
            a15 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref x, d + 15)), Vector512.LoadUnsafe(ref v, 15 * 16), a15);
        }
        // The adjacent-pairs tree of BlockDot.PairSums's four rounds, here lane-wise across the accumulators.
        return (((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) + (((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));
    }

    private static void Store8(Vector256<float> totals, Span<float> result, int at, int width)
    {
        if (width == 8)
        {
            totals.StoreUnsafe(ref result[at]);
            return;
        }
        for (var j = 0; j < width; j++)
            result[at + j] = totals.GetElement(j);
    }

    /// <summary>
    /// Two rows against one 8-vector panel, a quarter of the tree: partial sums <paramref name="quarter"/> …
    /// quarter + 3 of each row, totalled as (s0 + s1) + (s2 + s3). Each panel line loaded serves both rows, so a
    /// multiply-add needs 1.5 loads instead of 2 (the broadcasts are loads too); the quarters added as
    /// (q0 + q1) + (q2 + q3) make the rest of the tree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (Vector256<float>, Vector256<float>) Quarter8Pair(ref float x0, ref float x1, ref float panel, int quarter, int dim)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        for (nuint d = (nuint)quarter; d < (nuint)dim; d += Lanes)
        {
            ref var v = ref Unsafe.Add(ref panel, d * 8);
            var v0 = Vector256.LoadUnsafe(ref v, 0 * 8);
            a0 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x0, d)), v0, a0);
            b0 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x1, d)), v0, b0);
            var v1 = Vector256.LoadUnsafe(ref v, 1 * 8);
            a1 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x0, d + 1)), v1, a1);
            b1 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x1, d + 1)), v1, b1);
            var v2 = Vector256.LoadUnsafe(ref v, 2 * 8);
            a2 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x0, d + 2)), v2, a2);
            b2 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x1, d + 2)), v2, b2);
            var v3 = Vector256.LoadUnsafe(ref v, 3 * 8);
            a3 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x0, d + 3)), v3, a3);
            b3 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref x1, d + 3)), v3, b3);
        }
        return ((a0 + a1) + (a2 + a3), (b0 + b1) + (b2 + b3));
    }
}
