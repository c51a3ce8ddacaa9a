using Winnow.Filters;
using Winnow.Tensors;

namespace Winnow.Tests.Filters;

public class AnchorSearchTests
{
    private static float[] Unit(Random random, int dim, float[]? near = null, double spread = 1)
    {
        var v = Enumerable.Range(0, dim).Select(d => (float)((near?[d] ?? 0) + spread * (random.NextDouble() * 2 - 1))).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    // Clusters so tight that their products differ by less than the integers' rounding (about 10⁻³ of a unit
    // vector's products): the screen alone would order them wrongly.
    private static readonly double[] Spreads = [0.3, 0.05, 1e-3, 2e-4, 1e-5];

    /// <summary>The nearest anchors from every exact product: the search without a screen.</summary>
    private static int[] Expected(float[] row, float[] vectors, long[] rows, long index, int k)
    {
        var dim = row.Length;
        var dots = Enumerable.Range(0, rows.Length).Select(a => DotPanels.Reference(row, vectors.AsSpan(a * dim, dim))).ToArray();
        var (anchors, best) = (new int[k], new float[k]);
        return anchors.Take(AnchorSearch.Nearest(dots, rows, index, anchors, best)).ToArray();
    }

    [Theory]
    [InlineData(1, 2000, 10)]
    [InlineData(2, 300, 10)]
    [InlineData(3, 8, 10)]  // fewer anchors than neighbours: every anchor, the row itself left out
    [InlineData(4, 1000, 1)]
    public void The_screened_search_finds_exactly_the_nearest_anchors_by_their_exact_products(int seed, int count, int k)
    {
        const int dim = 256;
        var random = new Random(seed);
        // Anchors in clusters (close products), exact copies (ties broken by anchor order) and copies a rounding apart.
        var centres = Enumerable.Range(0, 12).Select(_ => Unit(random, dim)).ToArray();
        var vectors = new float[count * dim];
        for (var a = 0; a < count; a++)
        {
            var vector = a % 7 == 3 && a > 10 ? vectors.AsSpan((a - 5) * dim, dim).ToArray()
                : a % 11 == 5 && a > 10 ? vectors.AsSpan((a - 3) * dim, dim).ToArray().Select((x, d) => d == a % dim ? MathF.BitIncrement(x) : x).ToArray()
                : Unit(random, dim, centres[random.Next(centres.Length)], Spreads[a % Spreads.Length]);
            vector.CopyTo(vectors, a * dim);
        }
        var anchorRows = Enumerable.Range(0, count).Select(a => 3L * a + 1).ToArray();
        var search = new AnchorSearch(vectors, count, dim, anchorRows);
        const int blockRows = 9;
        var scratch = search.NewScratch(blockRows, k);
        var rows = new float[blockRows * dim];
        var indices = new long[blockRows];
        for (var r = 0; r < blockRows; r++)
        {
            // Rows near the clusters, an anchor's own vector (its row left out or not) and one of no anchor.
            var row = r % 3 == 0 ? vectors.AsSpan(r * 5 % count * dim, dim).ToArray() : Unit(random, dim, centres[r % centres.Length], Spreads[r % Spreads.Length]);
            row.CopyTo(rows, r * dim);
            indices[r] = r % 3 == 0 && r % 2 == 0 ? anchorRows[r * 5 % count] : r % 4 == 1 ? anchorRows[(r + 2) % count] : -7;
        }
        search.Prepare(rows, blockRows, scratch);
        for (var r = 0; r < blockRows; r++)
        {
            var row = rows.AsSpan(r * dim, dim).ToArray();
            var anchors = new int[k];
            var found = search.Nearest(r, row, indices[r], anchors, scratch);
            Assert.Equal(Expected(row, vectors, anchorRows, indices[r], k), anchors.Take(found));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(300)]
    public void Nearest_anchors_match_a_full_sort_of_the_dot_products(int seed)
    {
        // Dot products on a coarse grid (many ties, ±0 among them), a row that is one of the anchors and one that is not.
        var random = new Random(seed);
        var dots = Enumerable.Range(0, 1000 + seed).Select(_ => (float)Math.Round(random.NextDouble() * 8 - 6) / 8).ToArray();
        dots[3] = -0f;
        var rows = Enumerable.Range(0, dots.Length).Select(a => (long)(7 * a)).ToArray();
        foreach (var (index, k) in new[] { (rows[dots.Length / 2], 10), (rows[^1], 1), (-1L, 10), (rows[0], dots.Length + 5) })
        {
            var expected = Enumerable.Range(0, dots.Length).Where(a => rows[a] != index).OrderByDescending(a => dots[a]).ThenBy(a => a).Take(k).ToArray();
            var (anchors, best) = (new int[k], new float[k]);
            var count = AnchorSearch.Nearest(dots, rows, index, anchors, best);
            Assert.Equal(expected, anchors.Take(count));
            Assert.Equal(expected.Select(a => dots[a]), best.Take(count));
        }
    }

    [Fact]
    public void A_row_of_zeros_ties_every_anchor_and_takes_the_first()
    {
        var random = new Random(9);
        var vectors = Enumerable.Range(0, 40).SelectMany(_ => Unit(random, 32)).ToArray();
        var search = new AnchorSearch(vectors, 40, 32, Enumerable.Range(0, 40).Select(a => (long)a).ToArray());
        var scratch = search.NewScratch(1, 3);
        search.Prepare(new float[32], 1, scratch);
        var anchors = new int[3];
        Assert.Equal(3, search.Nearest(0, new float[32], 0, anchors, scratch));
        Assert.Equal([1, 2, 3], anchors);
    }
}
