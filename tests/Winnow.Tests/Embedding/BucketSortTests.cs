using Winnow.Embedding;

namespace Winnow.Tests.Embedding;

public class BucketSortTests
{
    [Theory]
    [InlineData(0, 18)]
    [InlineData(1, 18)]
    [InlineData(63, 18)]
    [InlineData(64, 18)]
    [InlineData(700, 18)]
    [InlineData(5_000, 18)]
    [InlineData(700, 20)] // three passes: the result comes back from the scratch buffer
    [InlineData(700, 9)]
    public void Sorts_like_a_comparison_sort(int count, int bits)
    {
        var random = new Random(count + bits);
        // Many repeats (a text's terms recur) and both ends of the range.
        var values = Enumerable.Range(0, count).Select(i => i % 7 == 0 ? (1 << bits) - 1 : i % 11 == 0 ? 0 : random.Next(i % 3 == 0 ? 50 : 1 << bits)).ToList();
        var expected = values.Order().ToList();
        BucketSort.Sort(values, bits);
        Assert.Equal(expected, values);
    }
}
