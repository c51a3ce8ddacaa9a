using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Tensors.Quantised;

/// <summary>
/// A fixed set of integer vectors (row-major, <c>count × dim</c>, every value within ±<see cref="Limit"/>) whose
/// products with many integer rows are wanted: the screen of response-fit's nearest-prompt search, whose candidates
/// are then scored exactly. With 12-bit values a product of two 256-dim vectors is at most 256 · 2047² &lt; 2³¹, so
/// it is exact in 32-bit integers and every order of additions gives the same result (<see cref="Reference"/>).
/// With AVX2 the vectors are packed 8 to a panel, by pairs of dimensions (pair p of vector j at lanes 2j, 2j + 1 of
/// the panel's line p), and one multiply-add of adjacent pairs (<c>vpmaddwd</c>) takes 16 products of a row with a
/// panel: twice the float kernel's 8 per fused multiply-add, from half the bytes. (On Zen 3 the integer instruction
/// issues no faster than the float one, so what it saves there is loads: about a quarter of the search's time.)
/// </summary>
public sealed class Int16Panels
{
    /// <summary>The largest magnitude of a value: 12 bits, so that 256-dim products cannot overflow 32 bits.</summary>
    public const int Limit = 2047;

    /// <summary>The largest width whose products are exact in 32 bits at <see cref="Limit"/>.</summary>
    public const int MaxDim = 256;

    private const int Width = 8;
    private const int RowsPerTile = 4;
    private readonly short[] _vectors;
    // Pinned, so that the panels' start, 32-byte aligned, stays put: every load is within one cache line.
    private readonly short[] _packed;
    private readonly int _start;

    public Int16Panels(short[] vectors, int count, int dim)
    {
        if (dim <= 0 || dim % 2 != 0 || dim > MaxDim)
            throw new ArgumentException($"integer panels take an even width of at most {MaxDim}, not {dim}");
        if (vectors.Length < count * dim)
            throw new ArgumentException($"{vectors.Length} values hold fewer than {count} vectors of {dim}");
        (Count, Dim) = (count, dim);
        for (var i = 0; i < count * dim; i++)
        {
            if (Math.Abs((int)vectors[i]) > Limit)
                throw new ArgumentException($"value {vectors[i]} at {i} is outside ±{Limit}");
        }
        (_packed, _start) = IsAccelerated ? Pack(vectors, count, dim) : ([], 0);
        _vectors = IsAccelerated ? [] : vectors[..(count * dim)];
    }

    /// <summary>Whether the products run on the AVX2 panels here (otherwise one pair at a time, in scalar code).</summary>
    public static bool IsAccelerated => Avx2.IsSupported;

    public int Count { get; }

    public int Dim { get; }

    /// <summary>
    /// Writes <paramref name="x"/> as integers, <c>q = round(x / scale)</c> with the largest magnitude at
    /// <see cref="Limit"/>, and returns the scale (0 for a zero vector).
    /// </summary>
    public static float Quantise(ReadOnlySpan<float> x, Span<short> q)
    {
        var largest = 0f;
        foreach (var value in x)
            largest = Math.Max(largest, Math.Abs(value));
        if (!(largest > 0))
        {
            q[..x.Length].Clear();
            return 0;
        }
        var scale = largest / Limit;
        for (var d = 0; d < x.Length; d++)
            q[d] = (short)Math.Clamp(MathF.Round(x[d] / scale), -Limit, Limit);
        return scale;
    }

    /// <summary>x · v in 64-bit integers, one term at a time: the reference twin of <see cref="Compute"/>.</summary>
    public static long Reference(ReadOnlySpan<short> x, ReadOnlySpan<short> v)
    {
        if (x.Length != v.Length)
            throw new ArgumentException($"the reference takes two vectors of one length ({x.Length} and {v.Length})");
        long sum = 0;
        for (var d = 0; d < x.Length; d++)
            sum += x[d] * v[d];
        return sum;
    }

    /// <summary>Writes <c>result[r * Count + v] = rows_r · vector_v</c> for the <paramref name="rowCount"/> rows of <paramref name="rows"/>.</summary>
    public void Compute(ReadOnlySpan<short> rows, int rowCount, Span<int> result)
    {
        if (rows.Length < rowCount * Dim || result.Length < rowCount * Count)
            throw new ArgumentException($"integer panel operands too small for {rowCount} × {Count} × {Dim}");
        if (!IsAccelerated)
        {
            for (var r = 0; r < rowCount; r++)
            {
                for (var v = 0; v < Count; v++)
                    result[r * Count + v] = (int)Reference(rows.Slice(r * Dim, Dim), _vectors.AsSpan(v * Dim, Dim));
            }
            return;
        }
        if (rowCount > 0)
            ComputeAvx2(rows, rowCount, result);
    }

    /// <summary>Panel p holds vectors 8p … 8p + 7 (zeros past the last): for each pair of dimensions, 8 vectors' two values side by side.</summary>
    private static unsafe (short[] Packed, int Start) Pack(short[] vectors, int count, int dim)
    {
        var panels = (count + Width - 1) / Width;
        var packed = GC.AllocateArray<short>(panels * dim * Width + 16, pinned: true);
        var start = (int)((32 - (nint)Unsafe.AsPointer(ref packed[0]) % 32) % 32 / sizeof(short));
        for (var v = 0; v < count; v++)
        {
            var (panel, lane) = Math.DivRem(v, Width);
            for (var d = 0; d < dim; d++)
                packed[start + panel * dim * Width + d / 2 * 2 * Width + 2 * lane + d % 2] = vectors[v * dim + d];
        }
        return (packed, start);
    }

    /// <summary>
    /// Two panels (8 KB at 256) stay in the L1 cache while the rows pass over them four at a time: each panel line
    /// serves four rows and each broadcast pair two panels. An odd last panel is paired with itself and a short last
    /// tile repeats its last row; the copies are dropped.
    /// </summary>
    private unsafe void ComputeAvx2(ReadOnlySpan<short> rows, int rowCount, Span<int> result)
    {
        ref var row0 = ref MemoryMarshal.GetReference(rows);
        ref var packed0 = ref _packed[_start];
        var panels = (Count + Width - 1) / Width;
        Span<Vector256<int>> sums = stackalloc Vector256<int>[2 * RowsPerTile];
        for (var panel = 0; panel < panels; panel += 2)
        {
            var next = Math.Min(panel + 1, panels - 1);
            ref var panelA = ref Unsafe.Add(ref packed0, panel * Dim * Width);
            ref var panelB = ref Unsafe.Add(ref packed0, next * Dim * Width);
            // The next two panels' lines, fetched a share per tile so that they are in cache when their turn comes.
            var ahead = Math.Min(panel + 2, panels - 1);
            ref var aheadStart = ref Unsafe.Add(ref packed0, ahead * Dim * Width);
            var aheadLines = ahead > next ? Math.Min(2, panels - ahead) * Dim * Width / 32 : 0;
            var tiles = (rowCount + RowsPerTile - 1) / RowsPerTile;
            var perTile = (aheadLines + tiles - 1) / tiles;
            var line = 0;
            for (var r = 0; r < rowCount; r += RowsPerTile)
            {
                for (var end = Math.Min(line + perTile, aheadLines); line < end; line++)
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref aheadStart, line * 32)));
                Tile(
                    ref Unsafe.Add(ref row0, r * Dim),
                    ref Unsafe.Add(ref row0, Math.Min(r + 1, rowCount - 1) * Dim),
                    ref Unsafe.Add(ref row0, Math.Min(r + 2, rowCount - 1) * Dim),
                    ref Unsafe.Add(ref row0, Math.Min(r + 3, rowCount - 1) * Dim),
                    ref panelA, ref panelB, Dim, sums);
                for (var t = 0; t < RowsPerTile && r + t < rowCount; t++)
                {
                    Store(sums[2 * t], result, (r + t) * Count + panel * Width, Math.Min(Width, Count - panel * Width));
                    if (next > panel)
                        Store(sums[2 * t + 1], result, (r + t) * Count + next * Width, Math.Min(Width, Count - next * Width));
                }
            }
        }
    }

    private static void Store(Vector256<int> sums, Span<int> result, int at, int width)
    {
        if (width == Width)
        {
            sums.StoreUnsafe(ref result[at]);
            return;
        }
        for (var j = 0; j < width; j++)
            result[at + j] = sums.GetElement(j);
    }

    /// <summary>Four rows against two panels: writes the 8 products of each row with each panel (row-major, panel A first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(ref short x0, ref short x1, ref short x2, ref short x3, ref short panelA, ref short panelB, int dim, Span<Vector256<int>> sums)
    {
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<int> b0 = default, b1 = default, b2 = default, b3 = default;
        for (nuint d = 0; d < (nuint)dim; d += 2)
        {
            // Line d / 2 of a panel: the two values of dimensions d, d + 1 of each of its 8 vectors.
            var va = Vector256.LoadUnsafe(ref panelA, d * Width);
            var vb = Vector256.LoadUnsafe(ref panelB, d * Width);
            var x = Vector256.Create(Unsafe.As<short, int>(ref Unsafe.Add(ref x0, d))).AsInt16();
            a0 += Avx2.MultiplyAddAdjacent(va, x);
            b0 += Avx2.MultiplyAddAdjacent(vb, x);
            x = Vector256.Create(Unsafe.As<short, int>(ref Unsafe.Add(ref x1, d))).AsInt16();
            a1 += Avx2.MultiplyAddAdjacent(va, x);
            b1 += Avx2.MultiplyAddAdjacent(vb, x);
            x = Vector256.Create(Unsafe.As<short, int>(ref Unsafe.Add(ref x2, d))).AsInt16();
            a2 += Avx2.MultiplyAddAdjacent(va, x);
            b2 += Avx2.MultiplyAddAdjacent(vb, x);
            x = Vector256.Create(Unsafe.As<short, int>(ref Unsafe.Add(ref x3, d))).AsInt16();
            a3 += Avx2.MultiplyAddAdjacent(va, x);
            b3 += Avx2.MultiplyAddAdjacent(vb, x);
        }
        sums[0] = a0;
        sums[1] = b0;
        sums[2] = a1;
        sums[3] = b1;
        sums[4] = a2;
        sums[5] = b2;
        sums[6] = a3;
        sums[7] = b3;
    }
}
