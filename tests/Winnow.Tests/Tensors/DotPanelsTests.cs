using Winnow.Tensors;

namespace Winnow.Tests.Tensors;

public class DotPanelsTests
{
    private static float[] Random(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(2, random.Next(-8, 9)))).ToArray();

    [Theory]
    [InlineData(12, 64, 256)]  // whole panels, rows and vectors in BlockDot's 4 × 4 tiles
    [InlineData(4, 8192, 256)] // the anchor search's shape
    [InlineData(8, 36, 32)]    // a partial last panel (36 = 2 · 16 + 4)
    public void Products_are_bit_for_bit_those_of_the_block_tiles(int rows, int count, int dim)
    {
        // Magnitudes spread over 2^±8, so that another order of additions would round differently somewhere.
        var random = new Random(rows * 7 + count);
        var (x, vectors) = (Random(random, rows * dim), Random(random, count * dim));
        var expected = new float[rows * count];
        BlockDot.Compute(x, rows, vectors, count, dim, expected);
        var actual = new float[rows * count];
        new DotPanels(vectors, count, dim).Compute(x, rows, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(3, 21, 48)] // odd counts: BlockDot's tiles would leave tails, the panels do not
    [InlineData(5, 7, 35)]  // a width that is not a multiple of 16: the BlockDot path
    [InlineData(1, 1, 16)]
    public void Products_match_a_double_reference(int rows, int count, int dim)
    {
        var random = new Random(rows + count + dim);
        var (x, vectors) = (Random(random, rows * dim), Random(random, count * dim));
        var actual = new float[rows * count];
        new DotPanels(vectors, count, dim).Compute(x, rows, actual);
        for (var r = 0; r < rows; r++)
        {
            for (var v = 0; v < count; v++)
            {
                var expected = 0.0;
                var scale = 0.0;
                for (var d = 0; d < dim; d++)
                {
                    expected += (double)x[r * dim + d] * vectors[v * dim + d];
                    scale += Math.Abs((double)x[r * dim + d] * vectors[v * dim + d]);
                }
                Assert.True(Math.Abs(expected - actual[r * count + v]) <= 1e-6 * scale, $"({r}, {v}): {actual[r * count + v]} vs {expected}");
            }
        }
    }

    [Fact]
    public void A_rows_products_do_not_depend_on_the_other_rows()
    {
        var random = new Random(11);
        var (x, vectors) = (Random(random, 9 * 64), Random(random, 40 * 64));
        var panels = new DotPanels(vectors, 40, 64);
        var all = new float[9 * 40];
        panels.Compute(x, 9, all);
        for (var r = 0; r < 9; r++)
        {
            var alone = new float[40];
            panels.Compute(x.AsSpan(r * 64, 64), 1, alone);
            Assert.Equal(all.AsSpan(r * 40, 40).ToArray(), alone);
        }
    }

    [Fact]
    public void Operands_too_small_are_refused()
    {
        var panels = new DotPanels(new float[32], 2, 16);
        Assert.Throws<ArgumentException>(() => panels.Compute(new float[16], 2, new float[4]));
        Assert.Throws<ArgumentException>(() => new DotPanels(new float[31], 2, 16));
    }
}
