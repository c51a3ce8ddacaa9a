using Winnow.Tensors;

namespace Winnow.Tests.Tensors;

public class DotPanelsTests
{
    private static float[] Random(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(2, random.Next(-8, 9)))).ToArray();

    [Theory]
    [InlineData(12, 64, 256)]  // whole panels, rows and vectors in BlockDot's 4 × 4 tiles
    [InlineData(4, 8192, 256)] // the anchor search's shape
    [InlineData(8, 36, 32)]    // a partial last panel (36 = 2 · 16 + 4; 4 · 8 + 4)
    [InlineData(5, 40, 64)]    // an odd row count: the last row alone
    [InlineData(7, 56, 48)]    // AVX2: a one-row last tile of three, an odd number of 8-vector panels (the last alone)
    [InlineData(2, 24, 16)]    // AVX2: a two-row tile, three panels
    [InlineData(0, 40, 64)]    // no rows: nothing to compute or to fetch ahead
    [InlineData(1, 80, 32)]    // AVX2: one tile fetches all of the next pair of panels ahead
    public void Products_are_bit_for_bit_the_scalar_reference(int rows, int count, int dim)
    {
        // Magnitudes spread over 2^±8, so that another order of additions would round differently somewhere.
        var random = new Random(rows * 7 + count);
        var (x, vectors) = (Random(random, rows * dim), Random(random, count * dim));
        var actual = new float[rows * count];
        var panels = new DotPanels(vectors, count, dim);
        panels.Compute(x, rows, actual);
        for (var r = 0; r < rows; r++)
        {
            for (var v = 0; v < count; v++)
            {
                var expected = DotPanels.Reference(x.AsSpan(r * dim, dim), vectors.AsSpan(v * dim, dim));
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual[r * count + v]),
                    $"({r}, {v}) with {panels.Kernel}: {actual[r * count + v]:R} vs {expected:R}");
            }
        }
    }

    [Theory]
    [InlineData(256)]
    [InlineData(16)]
    [InlineData(48)]
    public void One_pair_s_product_is_bit_for_bit_the_scalar_reference(int dim)
    {
        var random = new Random(dim);
        for (var pair = 0; pair < 200; pair++)
        {
            var (x, v) = (Random(random, dim), Random(random, dim));
            Assert.Equal(BitConverter.SingleToInt32Bits(DotPanels.Reference(x, v)), BitConverter.SingleToInt32Bits(DotPanels.One(x, v)));
        }
    }

    [Theory]
    [InlineData(12, 64, 256)]
    [InlineData(8, 36, 32)]
    public void The_reference_is_the_block_tiles_arithmetic_where_they_run(int rows, int count, int dim)
    {
        var random = new Random(rows * 7 + count);
        var (x, vectors) = (Random(random, rows * dim), Random(random, count * dim));
        var expected = new float[rows * count];
        BlockDot.Compute(x, rows, vectors, count, dim, expected);
        var reference = new float[rows * count];
        for (var r = 0; r < rows; r++)
        {
            for (var v = 0; v < count; v++)
                reference[r * count + v] = DotPanels.Reference(x.AsSpan(r * dim, dim), vectors.AsSpan(v * dim, dim));
        }
        // BlockDot's 4 × 4 tiles are AVX-512 only (elsewhere it takes TensorPrimitives.Dot's order); its tail pairs
        // outside whole tiles take that order too, so only the tiled pairs are compared.
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            Assert.Equal(rows * count, reference.Count(float.IsFinite));
            return;
        }
        for (var r = 0; r < rows - rows % 4; r++)
        {
            for (var v = 0; v < count - count % 4; v++)
                Assert.Equal(BitConverter.SingleToInt32Bits(expected[r * count + v]), BitConverter.SingleToInt32Bits(reference[r * count + v]));
        }
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
