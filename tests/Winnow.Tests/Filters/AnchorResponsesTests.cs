using Winnow.Filters;

namespace Winnow.Tests.Filters;

public class AnchorResponsesTests
{
    private const int Bits = 18;

    /// <summary>Random unit vectors (some empty) as anchors end to end, over a span narrow enough that many share buckets.</summary>
    private static (List<(int[] Buckets, float[] Weights)> Vectors, AnchorResponses Anchors) Build(int seed, int count, int threads)
    {
        var random = new Random(seed);
        var vectors = Enumerable.Range(0, count)
            .Select(k => k % 17 == 5 ? ([], []) : SparseQueryTests.RandomVector(random, 400, 3_000))
            .ToList();
        var starts = new int[count + 1];
        for (var k = 0; k < count; k++)
            starts[k + 1] = starts[k] + vectors[k].Buckets.Length;
        var anchors = new AnchorResponses(starts, [.. vectors.SelectMany(v => v.Buckets)], [.. vectors.SelectMany(v => v.Weights)], Bits, threads, CancellationToken.None);
        return (vectors, anchors);
    }

    /// <summary>The dot product as <see cref="SparseQuery.Fit"/> gives it, <paramref name="held"/> held and <paramref name="other"/> fitted.</summary>
    private static double Dot((int[] Buckets, float[] Weights) held, (int[] Buckets, float[] Weights) other)
    {
        var query = new SparseQuery(Bits);
        query.Reset(held.Buckets.Length);
        query.Add(held.Buckets, held.Weights);
        return query.Fit(other.Buckets, other.Weights);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    public void Gram_entries_are_the_sparse_dot_products_bit_for_bit_either_way_round(int seed, int threads)
    {
        // Either way round: a row's own response fitted through a SparseQuery and an equal anchor response's Gram entry
        // are one number, so a reference equal to the row's response ties with it, as the rank requires.
        var (vectors, anchors) = Build(seed, 60, threads);
        using var owned = anchors;
        Assert.Equal(60, anchors.Count);
        for (var n = 0; n < vectors.Count; n++)
        {
            var row = anchors.GramRow(n);
            Assert.Equal(vectors[n].Buckets, anchors.Buckets(n).ToArray());
            for (var m = 0; m < vectors.Count; m++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits((float)Dot(vectors[m], vectors[n])), BitConverter.SingleToInt32Bits(row[m]));
                Assert.Equal(BitConverter.SingleToInt32Bits((float)Dot(vectors[n], vectors[m])), BitConverter.SingleToInt32Bits(row[m]));
            }
            var self = vectors[n].Buckets.Length == 0 ? 0f : 1f;
            Assert.Equal(self, row[n], 5);
        }
    }

    [Fact]
    public void Prompt_fits_are_the_sparse_dot_products_up_to_the_end_given_and_nothing_past_it()
    {
        var (vectors, anchors) = Build(3, 80, 2);
        using var owned = anchors;
        var random = new Random(4);
        for (var trial = 0; trial < 10; trial++)
        {
            var prompt = SparseQueryTests.RandomVector(random, 120, 3_000);
            var end = random.Next(1, 81);
            var fits = new double[80];
            anchors.AddFits(prompt.Buckets, prompt.Weights, end, fits);
            for (var k = 0; k < 80; k++)
            {
                var expected = k < end ? Dot(vectors[k], prompt) : 0.0;
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(fits[k]));
            }
        }
    }

    [Fact]
    public void The_gram_matrix_is_gone_once_disposed()
    {
        var (_, anchors) = Build(6, 20, 1);
        Assert.Equal(20, anchors.GramRow(19).Length);
        anchors.Dispose();
        Assert.Throws<ObjectDisposedException>(() => anchors.GramRow(0).Length);
    }
}
