using Winnow.Selection.Geometry;
using Winnow.Tensors;

namespace Winnow.Tests.Tensors;

public class BlockDotTests
{
    [Theory]
    [InlineData(37, 23, 256)] // 4 × 4 tiles plus row and column tails
    [InlineData(9, 6, 35)]    // vector body plus a scalar tail of 3
    [InlineData(5, 7, 5)]     // narrower than one vector: pairwise path
    public void MatchesADoubleReference(int aRows, int bRows, int dim)
    {
        var random = new Random(aRows * 1000 + dim);
        var (a, b, result) = Product(random, aRows, bRows, dim);
        for (var i = 0; i < aRows; i++)
        {
            for (var j = 0; j < bRows; j++)
            {
                var expected = 0.0;
                for (var k = 0; k < dim; k++)
                    expected += (double)a[i * dim + k] * b[j * dim + k];
                Assert.True(Math.Abs(expected - result[i * bRows + j]) < 1e-4, $"({i}, {j}): {result[i * bRows + j]} vs {expected}");
            }
        }
    }

    [Theory]
    [InlineData(37, 23, 256)] // rows and columns past whole 4 × 4 tiles and 8-vector panels
    [InlineData(3, 5, 32)]
    public void Products_take_the_tiles_arithmetic_wherever_the_machine_runs_it(int aRows, int bRows, int dim)
    {
        var (a, b, result) = Product(new Random(aRows + bRows + dim), aRows, bRows, dim);
        // AVX-512 runs the 4 × 4 tiles on whole tiles only; AVX2 runs the panels, the same arithmetic, on every pair.
        var avx512 = System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
        var (rows, columns) = avx512 ? (aRows - aRows % 4, bRows - bRows % 4) : DotPanels.UsesAvx2Panels(dim) ? (aRows, bRows) : (0, 0);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var expected = DotPanels.Reference(a.AsSpan(i * dim, dim), b.AsSpan(j * dim, dim));
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(result[i * bRows + j]));
            }
        }
    }

    [Fact]
    public void Four_rounds_of_pair_sums_total_sixteen_vectors_by_the_adjacent_pairs_tree()
    {
        // Lanes spread over 2^±20 so that any other order of additions would round differently somewhere.
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            return;
        var random = new Random(3);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var lanes = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-20, 21)))).ToArray()).ToArray();
            var c = lanes.Select(l => System.Runtime.Intrinsics.Vector512.Create(l)).ToArray();
            var totals = BlockDot.PairSums(
                BlockDot.PairSums(BlockDot.PairSums(BlockDot.PairSums(c[0], c[1]), BlockDot.PairSums(c[2], c[3])), BlockDot.PairSums(BlockDot.PairSums(c[4], c[5]), BlockDot.PairSums(c[6], c[7]))),
                BlockDot.PairSums(BlockDot.PairSums(BlockDot.PairSums(c[8], c[9]), BlockDot.PairSums(c[10], c[11])), BlockDot.PairSums(BlockDot.PairSums(c[12], c[13]), BlockDot.PairSums(c[14], c[15]))));
            for (var v = 0; v < 16; v++)
                Assert.Equal(BitConverter.SingleToInt32Bits(AdjacentPairsTotal(lanes[v])), BitConverter.SingleToInt32Bits(totals[v]));
        }

        static float AdjacentPairsTotal(float[] x)
        {
            while (x.Length > 1)
                x = Enumerable.Range(0, x.Length / 2).Select(i => x[2 * i] + x[2 * i + 1]).ToArray();
            return x[0];
        }
    }

    [Fact]
    public void APairsDotProductDoesNotDependOnTheOtherRowsOrOnTheTraversal()
    {
        // 300 rows of B at width 256 span several cache panels; each pair must come out bit-identical to the same pair
        // computed in a product of just its own 4 × 4 tile (or its own pair, in the tails).
        var (aRows, bRows, dim) = (10, 302, 256);
        var random = new Random(7);
        var (a, b, result) = Product(random, aRows, bRows, dim);
        for (var i = 0; i < aRows; i++)
        {
            for (var j = 0; j < bRows; j++)
            {
                var (i0, iCount) = i < aRows / 4 * 4 ? (i / 4 * 4, 4) : (i, 1);
                var (j0, jCount) = j < bRows / 4 * 4 ? (j / 4 * 4, 4) : (j, 1);
                var alone = new float[iCount * jCount];
                BlockDot.Compute(a.AsSpan(i0 * dim, iCount * dim), iCount, b.AsSpan(j0 * dim, jCount * dim), jCount, dim, alone);
                Assert.Equal(alone[(i - i0) * jCount + j - j0], result[i * bRows + j]);
            }
        }
    }

    [Fact]
    public void CloseL2PairsAreRecomputedFromTheDifference()
    {
        // Norms near 10⁴ make the expansion lose everything below ~1e-3; the direct difference keeps 0.01.
        float[] x = [100f, 0.01f];
        float[] y = [100f, 0f];
        var dot = x[0] * y[0] + x[1] * y[1];
        var distance = DistanceMetrics.FromDot(DistanceMetric.L2, x, y, dot, x[0] * x[0] + x[1] * x[1], y[0] * y[0]);
        Assert.Equal(0.01f, distance, 6);
        var self = x[0] * x[0] + x[1] * x[1];
        Assert.Equal(0f, DistanceMetrics.FromDot(DistanceMetric.L2, x, x, self, self, self));
    }

    /// <summary>Random A (aRows × dim) and B (bRows × dim) in [−1, 1) and their product by <see cref="BlockDot.Compute"/>.</summary>
    private static (float[] A, float[] B, float[] Result) Product(Random random, int aRows, int bRows, int dim)
    {
        var a = Enumerable.Range(0, aRows * dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, bRows * dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var result = new float[aRows * bRows];
        BlockDot.Compute(a, aRows, b, bRows, dim, result);
        return (a, b, result);
    }
}
