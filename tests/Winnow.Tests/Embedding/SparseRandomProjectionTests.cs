using Winnow.Embedding;

namespace Winnow.Tests.Embedding;

public class SparseRandomProjectionTests
{
    [Theory]
    [InlineData(256)]
    [InlineData(100)]
    public void FastAccumulateMatchesEntryByEntryDefinition(int dim)
    {
        var key = SparseRandomProjection.SeedKey(7);
        int[] buckets = [0, 5, 1000, 262143, 77777];
        float[] weights = [1f, -2.5f, 0.25f, 3f, 1.5f];
        var fast = new float[dim];
        SparseRandomProjection.Accumulate(buckets, weights, key, fast);
        var reference = new float[dim];
        for (var t = 0; t < buckets.Length; t++)
        {
            for (var j = 0; j < dim; j++)
                reference[j] += SparseRandomProjection.Entry(buckets[t], j, key) * weights[t];
        }
        Assert.Equal(reference, fast);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(144)]
    [InlineData(16)]
    [InlineData(100)]
    public void Both_paths_give_the_same_bits(int dim)
    {
        // 600 buckets over the whole space, weights of both signs and many sizes, added onto a non-zero start.
        var random = new Random(dim);
        var key = SparseRandomProjection.SeedKey(3);
        var buckets = Enumerable.Range(0, 600).Select(_ => random.Next(1 << 18)).ToArray();
        var weights = buckets.Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-12, 12)))).ToArray();
        var start = Enumerable.Range(0, dim).Select(_ => (float)random.NextDouble()).ToArray();
        var either = start.ToArray();
        SparseRandomProjection.Accumulate(buckets, weights, key, either);
        var nonZero = start.ToArray();
        SparseRandomProjection.AccumulateNonZero(buckets, weights, key, nonZero);
        Assert.Equal(nonZero.Select(BitConverter.SingleToInt32Bits), either.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void DensityIsAboutOneEighthWithBalancedSigns()
    {
        var key = SparseRandomProjection.SeedKey(0);
        int plus = 0, minus = 0;
        const int rows = 2000, dim = 256;
        for (var b = 0; b < rows; b++)
        {
            for (var j = 0; j < dim; j++)
            {
                var e = SparseRandomProjection.Entry(b, j, key);
                plus += e == 1 ? 1 : 0;
                minus += e == -1 ? 1 : 0;
            }
        }
        var total = (double)rows * dim;
        Assert.InRange(plus / total, 0.06, 0.065);
        Assert.InRange(minus / total, 0.06, 0.065);
    }

    [Fact]
    public void SeedsGiveDifferentMatrices()
    {
        var a = Enumerable.Range(0, 256).Select(j => SparseRandomProjection.Entry(42, j, SparseRandomProjection.SeedKey(1))).ToArray();
        var b = Enumerable.Range(0, 256).Select(j => SparseRandomProjection.Entry(42, j, SparseRandomProjection.SeedKey(2))).ToArray();
        Assert.NotEqual(a, b);
    }
}
