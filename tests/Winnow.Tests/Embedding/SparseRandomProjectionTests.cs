using System.Runtime.Intrinsics.X86;
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

    [Theory]
    [InlineData(16)]
    [InlineData(256)]
    [InlineData(40)]
    public void Avx2_path_gives_the_scalar_bits(int dim)
    {
        // 500 buckets, weights of both signs with magnitudes over 2^-8..2^8; the second bucket repeats the first with
        // the opposite weight, so some sums return to exactly zero before the +0s of the vector path land on them.
        var random = new Random(dim + 1);
        var key = SparseRandomProjection.SeedKey(11);
        var buckets = Enumerable.Range(0, 500).Select(_ => random.Next(1 << 18)).ToArray();
        var weights = buckets.Select(_ => (float)((random.Next(2) * 2 - 1) * Math.Pow(2, random.NextDouble() * 16 - 8))).ToArray();
        (buckets[1], weights[1]) = (buckets[0], -weights[0]);
        var scalar = new float[dim];
        SparseRandomProjection.AccumulateNonZero(buckets, weights, key, scalar);
        var dispatched = new float[dim];
        SparseRandomProjection.Accumulate(buckets, weights, key, dispatched);
        Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), dispatched.Select(BitConverter.SingleToInt32Bits));
        if (!Avx2.IsSupported || dim % 16 != 0)
            return;
        var avx2 = new float[dim];
        SparseRandomProjection.AccumulateAvx2(buckets, weights, key, avx2);
        Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), avx2.Select(BitConverter.SingleToInt32Bits));
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
