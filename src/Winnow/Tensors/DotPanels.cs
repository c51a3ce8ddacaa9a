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
    // Vectors per panel (WidthFor).
    private readonly int _width;

    public DotPanels(float[] vectors, int count, int dim)
        : this(vectors, count, dim, vectors)
    {
    }

    /// <param name="array">The vectors as an array, kept for the fallback; null to copy them there if it is needed.</param>
    private DotPanels(ReadOnlySpan<float> vectors, int count, int dim, float[]? array)
    {
        if (vectors.Length < count * dim)
            throw new ArgumentException($"{vectors.Length} floats hold fewer than {count} vectors of {dim}");
        (Count, Dim) = (count, dim);
        _width = WidthFor(dim);
        // The row-major vectors are kept only for the fallback: packed, they would be a second copy.
        (_packed, _start) = _width > 0 ? Pack(vectors, count, dim, _width) : ([], 0);
        _vectors = _width > 0 ? [] : array ?? vectors[..(count * dim)].ToArray();
    }

    /// <summary>Panels of vectors given as a span (packed from it, not kept).</summary>
    internal static DotPanels Of(ReadOnlySpan<float> vectors, int count, int dim) => new(vectors, count, dim, null);

    /// <summary>Whether this machine runs the 8-vector panels (AVX2 and FMA, no AVX-512) at <paramref name="dim"/>.</summary>
    internal static bool UsesAvx2Panels(int dim) => WidthFor(dim) == 8;

    /// <summary>Vectors per panel on this machine at <paramref name="dim"/>: 16 with AVX-512, 8 with AVX2 and FMA, 0 where the products go to BlockDot.</summary>
    private static int WidthFor(int dim) =>
        dim <= 0 || dim % Lanes != 0 ? 0
        : Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 16
        : Avx2.IsSupported && Fma.IsSupported ? 8
        : 0;

    public int Count { get; }

    public int Dim { get; }

    /// <summary>The kernel in use, for logs and benchmarks: "avx512 16-vector panels", "avx2 8-vector panels" or "block dot".</summary>
    public string Kernel => _width switch { 16 => "avx512 16-vector panels", 8 => "avx2 8-vector panels", _ => "block dot" };

    /// <summary>Panel p holds vectors width·p … width·p + width − 1 (zeros past the last) as dim rows of width lanes, from the returned start (a 64-byte boundary) on.</summary>
    private static unsafe (float[] Packed, int Start) Pack(ReadOnlySpan<float> vectors, int count, int dim, int width)
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
        if (_width == 8)
        {
            Compute8(rows, rowCount, result);
            return;
        }
        ref var row0 = ref MemoryMarshal.GetReference(rows);
        ref var packed0 = ref _packed[_start];
        // One panel (16 × dim floats, 16 KB at 256) stays in the L1 cache while every row passes over it.
        for (var panel = 0; panel * _width < Count; panel++)
        {
            ref var panelStart = ref Unsafe.Add(ref packed0, panel * Dim * _width);
            var first = panel * _width;
            var width = Math.Min(_width, Count - first);
            for (var r = 0; r < rowCount; r++)
            {
                var totals = Panel16(ref Unsafe.Add(ref row0, r * Dim), ref panelStart, Dim);
                if (width == 16)
                    totals.StoreUnsafe(ref result[r * Count + first]);
                else
                    for (var j = 0; j < width; j++)
                        result[r * Count + first + j] = totals.GetElement(j);
            }
        }
    }

    /// <summary>Rows of a tile of <see cref="Compute8"/>.</summary>
    private const int TileRows = 3;

    /// <summary>
    /// The AVX2 path: two 8-vector panels (16 KB at 256) stay in the L1 cache while the rows pass over them three at
    /// a time. Each panel line loaded serves three rows and each broadcast two panels, so a multiply-add needs 5/6 of
    /// a load, where one panel against two rows needed 1.5 (20.8 → 24.5 G multiply-adds/s on one Zen 3 thread). An
    /// odd last panel is paired with itself and a short last tile repeats its last row: the same arithmetic,
    /// the copies dropped. While a pair's tiles run, the next pair's lines are prefetched, a share per tile: at 8,192
    /// anchors (8 MB) each pair comes from the L3 cache, and its first tile waited for it (response-fit's third pass
    /// took 7 % less CPU, the same ranks).
    /// </summary>
    private unsafe void Compute8(ReadOnlySpan<float> rows, int rowCount, Span<float> result)
    {
        ref var row0 = ref MemoryMarshal.GetReference(rows);
        ref var packed0 = ref _packed[_start];
        var panels = (Count + 7) / 8;
        Span<Vector256<float>> totals = stackalloc Vector256<float>[2 * TileRows];
        Span<Vector256<float>> pairs = stackalloc Vector256<float>[Lanes / 2 * 2 * TileRows];
        for (var panel = 0; panel < panels; panel += 2)
        {
            var next = Math.Min(panel + 1, panels - 1);
            ref var panelA = ref Unsafe.Add(ref packed0, panel * Dim * 8);
            ref var panelB = ref Unsafe.Add(ref packed0, next * Dim * 8);
            // The next two panels' lines, fetched a share per tile so that they are in cache when their turn comes.
            var ahead = Math.Min(panel + 2, panels - 1);
            ref var aheadStart = ref Unsafe.Add(ref packed0, ahead * Dim * 8);
            var aheadLines = ahead > next ? Math.Min(2, panels - ahead) * Dim * 8 / 16 : 0;
            var tiles = Math.Max(1, (rowCount + TileRows - 1) / TileRows);
            var perTile = (aheadLines + tiles - 1) / tiles;
            var line = 0;
            for (var r = 0; r < rowCount; r += TileRows)
            {
                for (var end = Math.Min(line + perTile, aheadLines); line < end; line++)
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref aheadStart, line * 16)));
                var r1 = Math.Min(r + 1, rowCount - 1);
                var r2 = Math.Min(r + 2, rowCount - 1);
                ref var x0 = ref Unsafe.Add(ref row0, r * Dim);
                ref var x1 = ref Unsafe.Add(ref row0, r1 * Dim);
                ref var x2 = ref Unsafe.Add(ref row0, r2 * Dim);
                for (var pair = 0; pair < Lanes / 2; pair++)
                    Tile8(ref x0, ref x1, ref x2, ref panelA, ref panelB, 2 * pair, Dim, pairs.Slice(pair * 2 * TileRows, 2 * TileRows));
                // The adjacent-pairs tree's last three rounds over the pair sums P_0 … P_7 of each output.
                for (var o = 0; o < 2 * TileRows; o++)
                {
                    ref var p = ref pairs[o];
                    var step = 2 * TileRows;
                    totals[o] = ((p + Unsafe.Add(ref p, step)) + (Unsafe.Add(ref p, 2 * step) + Unsafe.Add(ref p, 3 * step)))
                        + ((Unsafe.Add(ref p, 4 * step) + Unsafe.Add(ref p, 5 * step)) + (Unsafe.Add(ref p, 6 * step) + Unsafe.Add(ref p, 7 * step)));
                }
                for (var t = 0; t < TileRows; t++)
                {
                    var row = r + t;
                    if (row >= rowCount)
                        break;
                    Store8(totals[2 * t], result, row * Count + panel * 8, Math.Min(8, Count - panel * 8));
                    if (next > panel)
                        Store8(totals[2 * t + 1], result, row * Count + next * 8, Math.Min(8, Count - next * 8));
                }
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

    /// <summary>
    /// x · v by the panels' arithmetic, the bits of <see cref="Reference"/>, for one pair at a time: lanes 0–7 and 8–15
    /// of the 16 partial sums in two registers, then the adjacent-pairs tree. For a pair's product where a whole block
    /// of products is not wanted (the candidates of a screened search). Without AVX2 and FMA it is the reference.
    /// </summary>
    public static float One(ReadOnlySpan<float> x, ReadOnlySpan<float> v)
    {
        if (!(Avx2.IsSupported && Fma.IsSupported) || x.Length != v.Length || x.Length % Lanes != 0)
            return Reference(x, v);
        Vector256<float> low = default, high = default;
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var v0 = ref MemoryMarshal.GetReference(v);
        for (nuint d = 0; d < (nuint)x.Length; d += Lanes)
        {
            low = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x0, d), Vector256.LoadUnsafe(ref v0, d), low);
            high = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x0, d + 8), Vector256.LoadUnsafe(ref v0, d + 8), high);
        }
        Span<float> sums = stackalloc float[Lanes];
        low.CopyTo(sums);
        high.CopyTo(sums[8..]);
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
    /// Three rows against two 8-vector panels, the tree's first round for one pair of partial sums: writes
    /// s_l + s_(l+1) of each row and panel (row-major, panel A first), s_l taking x[d]·v[d] for d ≡ l (mod 16) by
    /// fused multiply-add in ascending d. Twelve accumulators cover the multiply-add's latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8(ref float x0, ref float x1, ref float x2, ref float panelA, ref float panelB, int lane, int dim, Span<Vector256<float>> sums)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, b0 = default, b1 = default, b2 = default;
        Vector256<float> c0 = default, c1 = default, c2 = default, e0 = default, e1 = default, e2 = default;
        for (nuint d = (nuint)lane; d < (nuint)dim; d += Lanes)
        {
            // a·/b· take lane l of panels A and B, c·/e· lane l + 1; the digit is the row.
            var va = Vector256.LoadUnsafe(ref panelA, d * 8);
            var vb = Vector256.LoadUnsafe(ref panelB, d * 8);
            var x = Vector256.Create(Unsafe.Add(ref x0, d));
            a0 = Fma.MultiplyAdd(x, va, a0);
            b0 = Fma.MultiplyAdd(x, vb, b0);
            x = Vector256.Create(Unsafe.Add(ref x1, d));
            a1 = Fma.MultiplyAdd(x, va, a1);
            b1 = Fma.MultiplyAdd(x, vb, b1);
            x = Vector256.Create(Unsafe.Add(ref x2, d));
            a2 = Fma.MultiplyAdd(x, va, a2);
            b2 = Fma.MultiplyAdd(x, vb, b2);
            va = Vector256.LoadUnsafe(ref panelA, (d + 1) * 8);
            vb = Vector256.LoadUnsafe(ref panelB, (d + 1) * 8);
            x = Vector256.Create(Unsafe.Add(ref x0, d + 1));
            c0 = Fma.MultiplyAdd(x, va, c0);
            e0 = Fma.MultiplyAdd(x, vb, e0);
            x = Vector256.Create(Unsafe.Add(ref x1, d + 1));
            c1 = Fma.MultiplyAdd(x, va, c1);
            e1 = Fma.MultiplyAdd(x, vb, e1);
            x = Vector256.Create(Unsafe.Add(ref x2, d + 1));
            c2 = Fma.MultiplyAdd(x, va, c2);
            e2 = Fma.MultiplyAdd(x, vb, e2);
        }
        sums[0] = a0 + c0;
        sums[1] = b0 + e0;
        sums[2] = a1 + c1;
        sums[3] = b1 + e1;
        sums[4] = a2 + c2;
        sums[5] = b2 + e2;
    }
}
