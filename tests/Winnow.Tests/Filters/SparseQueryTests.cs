using Winnow.Filters;

namespace Winnow.Tests.Filters;

public class SparseQueryTests
{
    private const int Bits = 18;

    /// <summary>The dense twin: the vectors summed on a 2^18-float table, in order, as the sparse table adds them.</summary>
    private static float[] DenseSum(IEnumerable<(int[] Buckets, float[] Weights)> vectors)
    {
        var sum = new float[1 << Bits];
        foreach (var (buckets, weights) in vectors)
        {
            for (var t = 0; t < buckets.Length; t++)
                sum[buckets[t]] += weights[t];
        }
        return sum;
    }

    private static double DenseFit(float[] query, int[] buckets, float[] weights)
    {
        var sum = 0.0;
        for (var t = 0; t < buckets.Length; t++)
            sum += query[buckets[t]] * weights[t];
        return sum;
    }

    /// <summary>A unit-norm vector of up to <paramref name="most"/> ascending buckets, clustered in a part of the bucket space so vectors overlap.</summary>
    internal static (int[] Buckets, float[] Weights) RandomVector(Random random, int most, int span)
    {
        var buckets = Enumerable.Range(0, random.Next(1, most)).Select(_ => random.Next(span)).Distinct().Order().ToArray();
        var weights = buckets.Select(_ => (float)Math.Exp(random.NextDouble() * 6 - 3)).ToArray();
        var norm = Math.Sqrt(weights.Sum(w => (double)w * w));
        return (buckets, weights.Select(w => (float)(w / norm)).ToArray());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 10)]
    public void Fits_are_bit_identical_to_the_dense_twin(int seed, int added)
    {
        // Vectors of up to 2,000 buckets over a range narrow enough that they share many buckets; the same query object
        // is reused across rows of different sizes, as a thread's scratch is.
        var random = new Random(seed);
        var query = new SparseQuery(Bits);
        for (var row = 0; row < 5; row++)
        {
            var span = row % 2 == 0 ? 5_000 : 1 << Bits;
            var vectors = Enumerable.Range(0, added).Select(_ => RandomVector(random, 2_000, span)).ToList();
            var dense = DenseSum(vectors);

            query.Reset(vectors.Sum(n => n.Buckets.Length));
            foreach (var (buckets, weights) in vectors)
                query.Add(buckets, weights);

            Assert.Equal(dense.Count(v => v != 0f), query.Count);
            for (var r = 0; r < 40; r++)
            {
                var (buckets, weights) = RandomVector(random, r % 2 == 0 ? 60 : 2_000, span);
                Assert.Equal(BitConverter.DoubleToInt64Bits(DenseFit(dense, buckets, weights)), BitConverter.DoubleToInt64Bits(query.Fit(buckets, weights)));
            }
        }
    }

    [Fact]
    public void A_query_reset_for_fewer_buckets_than_it_is_given_says_so()
    {
        var query = new SparseQuery(Bits);
        query.Reset(3);
        var buckets = Enumerable.Range(0, 33).Select(b => 7 * b).ToArray();
        var error = Assert.Throws<InvalidOperationException>(() => query.Add(buckets, new float[buckets.Length]));
        Assert.Contains("the most its table was reset for", error.Message);
    }

    [Fact]
    public void A_reset_empties_the_query()
    {
        var query = new SparseQuery(Bits);
        query.Reset(2);
        query.Add([5, 9], [1f, 2f]);
        query.Reset(2);
        Assert.Equal(0, query.Count);
        Assert.Equal(0.0, query.Fit([5, 9], [1f, 1f]));
        query.Add([9], [3f]);
        Assert.Equal(3.0, query.Fit([5, 9], [1f, 1f]));
    }
}
