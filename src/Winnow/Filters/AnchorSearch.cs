using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Winnow.Tensors;
using Winnow.Tensors.Quantised;

namespace Winnow.Filters;

/// <summary>
/// The nearest-prompt search of <see cref="ResponseFit"/>: for a row's projected prompt, the k anchors whose projected
/// prompts have the largest dot products with it, by <see cref="DotPanels"/>' arithmetic (ties: the earlier anchor).
/// <para>
/// With AVX2 the search is screened, and its result is still exactly that. Every vector is rounded to 12-bit integers
/// with a scale of its own (<see cref="Int16Panels"/>), and the integer products of a block of rows with all anchors
/// (16 products per instruction, from half the bytes of the floats) give approximate dot products. Their error is
/// bounded: for a row x and an anchor v with roundings x̂ and v̂, |x·v − x̂·v̂| ≤ |x − x̂|·|v| + |x̂|·|v − v̂| ≤ E, which
/// takes each row's own rounding error and the largest of the anchors'. If the k-th largest approximate product is T,
/// k anchors have exact products of at least T − E, so every anchor among the k nearest has an approximate product of
/// at least T − 2E. Those candidates (about k, since E is near 10⁻³ for unit vectors, where products spread by about
/// 1/16) get their exact products, and the k nearest are taken from them. At 8,192 anchors the search runs 1.35× as fast
/// as the float one on a Zen 3 core (<c>timing anchor-search</c>), and response-fit's third pass takes about a fifth
/// less CPU; without AVX2 every exact product is computed.
/// </para>
/// </summary>
internal sealed class AnchorSearch
{
    // The rounding of the screen's floats (a few ulps of each approximate product) and of the exact products (about
    // 20 roundings of 2⁻²⁴ of the largest terms' sum), as a share of |x| · |v|, with room to spare.
    private const double Slack = 1e-5;
    private readonly int _count;
    private readonly int _dim;
    private readonly long[] _rows;
    private readonly float[] _vectors;
    private readonly DotPanels? _panels;
    private readonly Int16Panels? _screen;
    private readonly float[] _scales = [];
    private readonly double _largestNorm;
    private readonly double _largestError;

    /// <param name="vectors">The anchors' vectors, row-major (<paramref name="count"/> × <paramref name="dim"/>).</param>
    /// <param name="rows">Each anchor's row index, so that a row is never its own neighbour.</param>
    /// <param name="screen">False to take every exact product even where the screen runs (for benchmarks).</param>
    public AnchorSearch(float[] vectors, int count, int dim, long[] rows, bool screen = true)
    {
        if (rows.Length != count)
            throw new ArgumentException($"{rows.Length} row indices for {count} anchors");
        (_count, _dim, _rows, _vectors) = (count, dim, rows, vectors);
        if (!screen || !IsScreened(dim))
        {
            _panels = new DotPanels(vectors, count, dim);
            return;
        }
        var quantised = new short[count * dim];
        _scales = new float[count];
        for (var a = 0; a < count; a++)
        {
            var vector = vectors.AsSpan(a * dim, dim);
            _scales[a] = Int16Panels.Quantise(vector, quantised.AsSpan(a * dim, dim));
            var (norm, error, _) = Rounding(vector, quantised.AsSpan(a * dim, dim), _scales[a]);
            _largestNorm = Math.Max(_largestNorm, norm);
            _largestError = Math.Max(_largestError, error);
        }
        _screen = new Int16Panels(quantised, count, dim);
    }

    /// <summary>
    /// Whether searches at <paramref name="dim"/> are screened by integer products on this machine: with AVX2, at a
    /// width whose float products <see cref="DotPanels"/> takes in its own arithmetic (a multiple of 16), which
    /// <see cref="DotPanels.One"/> repeats for the candidates.
    /// </summary>
    internal static bool IsScreened(int dim) => Int16Panels.IsAccelerated && dim % 16 == 0 && dim <= Int16Panels.MaxDim;

    /// <summary>Per-thread buffers for blocks of up to <paramref name="blockRows"/> rows and <paramref name="k"/> neighbours.</summary>
    public Scratch NewScratch(int blockRows, int k) => new(this, blockRows, k);

    /// <summary>Computes the products of a block of rows (row-major) with the anchors, for <see cref="Nearest(int, ReadOnlySpan{float}, long, Span{int}, Scratch)"/>.</summary>
    public void Prepare(ReadOnlySpan<float> rows, int rowCount, Scratch scratch)
    {
        if (rowCount > scratch.BlockRows)
            throw new ArgumentException($"a block of {rowCount} rows, for scratch of {scratch.BlockRows}");
        if (_screen is null)
        {
            _panels!.Compute(rows, rowCount, scratch.Dots);
            return;
        }
        for (var r = 0; r < rowCount; r++)
        {
            var row = rows.Slice(r * _dim, _dim);
            var quantised = scratch.Quantised.AsSpan(r * _dim, _dim);
            var scale = scratch.RowScales[r] = Int16Panels.Quantise(row, quantised);
            var (norm, error, rounded) = Rounding(row, quantised, scale);
            scratch.RowBounds[r] = error * _largestNorm + rounded * _largestError + Slack * (norm + error) * (_largestNorm + _largestError);
        }
        _screen.Compute(scratch.Quantised, rowCount, scratch.Products);
    }

    /// <summary>
    /// Writes the anchors nearest to row <paramref name="r"/> of the block given to <see cref="Prepare"/> (the row
    /// <paramref name="row"/>, pool index <paramref name="index"/>), nearest first, and returns how many there are:
    /// <c>anchors.Length</c>, or fewer where fewer anchors are not the row itself.
    /// </summary>
    public int Nearest(int r, ReadOnlySpan<float> row, long index, Span<int> anchors, Scratch scratch)
    {
        if (_screen is null)
            return Nearest(scratch.Dots.AsSpan(r * _count, _count), _rows, index, anchors, scratch.Best);
        var approximate = scratch.Approximate;
        Approximate(scratch.Products.AsSpan(r * _count, _count), scratch.RowScales[r], approximate);
        var k = anchors.Length;
        var threshold = float.NegativeInfinity;
        if (Nearest(approximate, _rows, index, anchors, scratch.Best.AsSpan(0, k)) == k)
        {
            var bound = scratch.Best[k - 1] - 2 * scratch.RowBounds[r];
            threshold = (float)bound;
            if (threshold > bound)
                threshold = MathF.BitDecrement(threshold);
        }
        var candidates = Candidates(approximate, threshold, index, scratch.Candidates);
        scratch.ExactProducts += candidates;
        for (var c = 0; c < candidates; c++)
        {
            var a = scratch.Candidates[c];
            scratch.CandidateDots[c] = DotPanels.One(row, _vectors.AsSpan(a * _dim, _dim));
            scratch.CandidateRows[c] = _rows[a];
        }
        var found = Nearest(scratch.CandidateDots.AsSpan(0, candidates), scratch.CandidateRows.AsSpan(0, candidates), index, anchors, scratch.Best.AsSpan(0, k));
        for (var n = 0; n < found; n++)
            anchors[n] = scratch.Candidates[anchors[n]];
        return found;
    }

    /// <summary>Writes the anchors (ascending) whose approximate products are at least <paramref name="threshold"/>, the row itself left out; returns how many.</summary>
    private int Candidates(ReadOnlySpan<float> approximate, float threshold, long index, int[] candidates)
    {
        var count = 0;
        var width = Vector256<float>.Count;
        var limit = Vector256.Create(threshold);
        ref var first = ref MemoryMarshal.GetReference(approximate);
        var a = 0;
        for (; a + width <= approximate.Length; a += width)
        {
            var mask = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)a), limit).ExtractMostSignificantBits();
            while (mask != 0)
            {
                var at = a + System.Numerics.BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                if (_rows[at] != index)
                    candidates[count++] = at;
            }
        }
        for (; a < approximate.Length; a++)
        {
            if (approximate[a] >= threshold && _rows[a] != index)
                candidates[count++] = a;
        }
        return count;
    }

    /// <summary>The approximate products x̂ · v̂ = (q · a) · scale_v · scale_x of a row with every anchor.</summary>
    private void Approximate(ReadOnlySpan<int> products, float rowScale, Span<float> approximate)
    {
        var width = Vector256<float>.Count;
        var a = 0;
        for (; a + width <= products.Length; a += width)
        {
            var scaled = Vector256.ConvertToSingle(Vector256.Create(products.Slice(a, width))) * Vector256.Create(_scales.AsSpan(a, width));
            (scaled * rowScale).CopyTo(approximate[a..]);
        }
        for (; a < products.Length; a++)
            approximate[a] = products[a] * _scales[a] * rowScale;
    }

    /// <summary>|x|, |x − x̂| and |x̂| for the rounding x̂ = scale · q, in doubles.</summary>
    private static (double Norm, double Error, double Rounded) Rounding(ReadOnlySpan<float> x, ReadOnlySpan<short> q, float scale)
    {
        double norm = 0, error = 0, rounded = 0;
        for (var d = 0; d < x.Length; d++)
        {
            var value = (double)scale * q[d];
            norm += (double)x[d] * x[d];
            error += (x[d] - value) * (x[d] - value);
            rounded += value * value;
        }
        return (Math.Sqrt(norm), Math.Sqrt(error), Math.Sqrt(rounded));
    }

    /// <summary>
    /// Writes the anchors of the <c>anchors.Length</c> largest dot products, largest first (ties: the earlier anchor
    /// first), the anchor that is row <paramref name="index"/> itself left out, and returns how many there are. Once the list is full, an anchor must beat its
    /// last dot product to enter: blocks of dot products that all fail that test are skipped with one vector compare.
    /// </summary>
    internal static int Nearest(ReadOnlySpan<float> dots, ReadOnlySpan<long> anchorRows, long index, Span<int> anchors, Span<float> best)
    {
        var k = anchors.Length;
        var count = 0;
        var width = Vector256<float>.Count;
        ref var first = ref MemoryMarshal.GetReference(dots);
        var a = 0;
        while (a < dots.Length)
        {
            if (count == k && a + width <= dots.Length
                && !Vector256.GreaterThanAny(Vector256.LoadUnsafe(ref first, (nuint)a), Vector256.Create(best[k - 1])))
            {
                a += width;
                continue;
            }
            for (var end = Math.Min(a + width, dots.Length); a < end; a++)
            {
                var dot = dots[a];
                if ((count == k && !(dot > best[k - 1])) || anchorRows[a] == index)
                    continue;
                // A full list drops its last entry, which the new one beats.
                var at = count < k ? count++ : k - 1;
                for (; at > 0 && best[at - 1] < dot; at--)
                    (best[at], anchors[at]) = (best[at - 1], anchors[at - 1]);
                (best[at], anchors[at]) = (dot, a);
            }
        }
        return count;
    }

    /// <summary>A thread's buffers: the block's products (exact, or integer with each row's scale and bound) and a row's candidates.</summary>
    internal sealed class Scratch
    {
        public Scratch(AnchorSearch search, int blockRows, int k)
        {
            BlockRows = blockRows;
            Best = new float[k];
            var screened = search._screen is not null;
            Dots = screened ? [] : new float[blockRows * search._count];
            Products = screened ? new int[blockRows * search._count] : [];
            Quantised = screened ? new short[blockRows * search._dim] : [];
            RowScales = screened ? new float[blockRows] : [];
            RowBounds = screened ? new double[blockRows] : [];
            Approximate = screened ? new float[search._count] : [];
            Candidates = screened ? new int[search._count] : [];
            CandidateDots = screened ? new float[search._count] : [];
            CandidateRows = screened ? new long[search._count] : [];
        }

        public int BlockRows { get; }

        /// <summary>Candidates whose exact products the screened searches with this scratch took, for benchmarks.</summary>
        public long ExactProducts { get; set; }

        public float[] Best { get; }
        public float[] Dots { get; }
        public int[] Products { get; }
        public short[] Quantised { get; }
        public float[] RowScales { get; }
        public double[] RowBounds { get; }
        public float[] Approximate { get; }
        public int[] Candidates { get; }
        public float[] CandidateDots { get; }
        public long[] CandidateRows { get; }
    }
}
