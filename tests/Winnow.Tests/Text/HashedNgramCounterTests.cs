using Winnow.Text;

namespace Winnow.Tests.Text;

/// <summary>The counter's totals are the sums of <see cref="HashedNgrams.Featurize"/> (regex tokens, n-gram strings, no memo) over the same texts.</summary>
public class HashedNgramCounterTests
{
    private static long[] FeaturizeSums(IEnumerable<string> texts, int buckets, int order)
    {
        var sums = new long[buckets];
        foreach (var text in texts)
        {
            foreach (var (bucket, count) in HashedNgrams.Featurize(text, buckets, order))
                sums[bucket] += count;
        }
        return sums;
    }

    private static long[] Counted(IEnumerable<string> texts, int buckets, int order)
    {
        var counter = new HashedNgramCounter(buckets, order);
        foreach (var text in texts)
            counter.Add(text);
        return counter.Counts;
    }

    [Theory]
    [InlineData(10_000, 2)]
    [InlineData(7, 1)]
    [InlineData(1 << 20, 3)]
    public void CountsAreTheFeaturizedSums(int buckets, int order)
    {
        string[] texts =
        [
            "",
            "   \n\t ",
            "A b",
            "Don't STOP—believing!! café_1 x+y",
            "İstanbul ΣΊΣΥΦΟΣ Straße ǅ",
            "emoji 😀😀 and a lone surrogate \ud800 here, and \udc00 there",
            "¹²³ ½ and 2nd: 3.14159 ... !!! ?? ¿¡",
            new string('x', 300) + " " + new string('é', 200) + " " + new string('-', 150),
            string.Join(' ', Enumerable.Range(0, 700).Select(i => $"w{i % 37}")),
            "the cat sat on the mat. The CAT sat on THE mat!",
        ];
        Assert.Equal(FeaturizeSums(texts, buckets, order), Counted(texts, buckets, order));
        // The same texts again: now every n-gram's bucket comes from the memo.
        Assert.Equal(FeaturizeSums(texts.Concat(texts), buckets, order), Counted(texts.Concat(texts), buckets, order));
    }

    /// <summary>More distinct n-grams than the memo keeps: those past it are hashed each time and count the same.</summary>
    [Fact]
    public void NgramsPastTheMemoCountTheSame()
    {
        var random = new Random(5);
        var texts = Enumerable.Range(0, 700)
            .Select(_ => string.Join(' ', Enumerable.Range(0, 120).Select(_ => random.Next(200_000).ToString("x", System.Globalization.CultureInfo.InvariantCulture))))
            .ToArray();
        Assert.Equal(FeaturizeSums(texts.Concat(texts), 10_000, 2), Counted(texts.Concat(texts), 10_000, 2));
    }
}
