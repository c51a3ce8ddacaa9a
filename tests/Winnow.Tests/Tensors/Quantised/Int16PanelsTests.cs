using Winnow.Tensors.Quantised;

namespace Winnow.Tests.Tensors.Quantised;

public class Int16PanelsTests
{
    private static short[] Values(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (short)random.Next(-Int16Panels.Limit, Int16Panels.Limit + 1)).ToArray();

    [Theory]
    [InlineData(64, 8192, 256)] // the anchor search's block and shape
    [InlineData(4, 16, 256)]    // one tile, one pair of panels
    [InlineData(5, 24, 32)]     // a one-row last tile of four, an odd number of panels (the last alone)
    [InlineData(3, 13, 16)]     // a short tile and a partial last panel (13 = 8 + 5)
    [InlineData(1, 1, 2)]       // one pair of one vector
    [InlineData(0, 40, 64)]     // no rows
    public void Products_are_the_integer_reference(int rows, int count, int dim)
    {
        var random = new Random(rows * 31 + count);
        var (x, vectors) = (Values(random, rows * dim), Values(random, count * dim));
        var actual = new int[rows * count];
        new Int16Panels(vectors, count, dim).Compute(x, rows, actual);
        for (var r = 0; r < rows; r++)
        {
            for (var v = 0; v < count; v++)
                Assert.Equal(Int16Panels.Reference(x.AsSpan(r * dim, dim), vectors.AsSpan(v * dim, dim)), actual[r * count + v]);
        }
    }

    [Fact]
    public void The_largest_products_do_not_overflow()
    {
        // Every value at the limit, of one sign and of alternating signs: ±256 · 2047², the extremes of a product.
        const int dim = Int16Panels.MaxDim;
        var positive = Enumerable.Repeat((short)Int16Panels.Limit, dim).ToArray();
        var negative = positive.Select(v => (short)-v).ToArray();
        var vectors = positive.Concat(negative).ToArray();
        var actual = new int[4];
        new Int16Panels(vectors, 2, dim).Compute(positive.Concat(negative).ToArray(), 2, actual);
        const long extreme = (long)dim * Int16Panels.Limit * Int16Panels.Limit;
        Assert.Equal(new long[] { extreme, -extreme, -extreme, extreme }, actual.Select(v => (long)v));
    }

    [Fact]
    public void Values_past_the_limit_and_odd_or_wide_widths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Int16Panels([2048, 0], 1, 2));
        Assert.Throws<ArgumentException>(() => new Int16Panels(new short[3], 1, 3));
        Assert.Throws<ArgumentException>(() => new Int16Panels(new short[258], 1, 258));
    }

    [Fact]
    public void Quantising_rounds_each_value_within_half_a_step_with_the_largest_at_the_limit()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 256).Select(_ => (float)(random.NextDouble() * 2 - 1) / 16).ToArray();
        var q = new short[x.Length];
        var scale = Int16Panels.Quantise(x, q);
        Assert.Equal(x.Max(Math.Abs) / Int16Panels.Limit, scale, 1e-9f);
        Assert.Equal(Int16Panels.Limit, q.Max(v => Math.Abs((int)v)));
        for (var d = 0; d < x.Length; d++)
            Assert.True(Math.Abs(x[d] - scale * q[d]) <= scale / 2 * (1 + 1e-5), $"{d}: {x[d]} vs {scale} · {q[d]}");
        Assert.Equal(0, Int16Panels.Quantise(new float[8], q));
        Assert.All(q.Take(8), v => Assert.Equal(0, v));
    }
}
