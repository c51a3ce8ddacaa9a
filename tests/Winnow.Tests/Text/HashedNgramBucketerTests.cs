using System.Runtime.InteropServices;
using Winnow.Text;

namespace Winnow.Tests.Text;

/// <summary>
/// The bucketer against its reference twin, DSIR's rule written plainly: the regex tokenizer's tokens, each n-gram
/// joined into a string by single spaces and hashed (<see cref="HashedNgrams.Bucket"/>), no memo.
/// </summary>
public class HashedNgramBucketerTests
{
    private static List<int> Reference(string text, int buckets, int order)
    {
        var words = WordPunctTokenizer.Tokenize(text);
        var found = new List<int>();
        for (var n = 1; n <= order; n++)
        {
            for (var i = 0; i + n <= words.Count; i++)
                found.Add(HashedNgrams.Bucket(string.Join(' ', CollectionsMarshal.AsSpan(words).Slice(i, n)), buckets));
        }
        return found;
    }

    private static readonly string[] Texts =
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

    [Theory]
    [InlineData(10_000, 2)]
    [InlineData(7, 1)]
    [InlineData(1 << 20, 3)]
    public void Finds_the_references_buckets_in_its_order(int buckets, int order)
    {
        var bucketer = new HashedNgramBucketer(buckets, order);
        // Twice over: the second time every n-gram's bucket comes from the memo.
        foreach (var text in Texts.Concat(Texts))
        {
            var found = new List<int>();
            bucketer.Collect(text, found);
            Assert.Equal(Reference(text, buckets, order), found);
        }
    }

    /// <summary>More distinct n-grams than the memo keeps: those past it are hashed each time and land the same.</summary>
    [Fact]
    public void Ngrams_past_the_memo_land_in_the_same_buckets()
    {
        var random = new Random(5);
        var texts = Enumerable.Range(0, 700)
            .Select(_ => string.Join(' ', Enumerable.Range(0, 120).Select(_ => random.Next(200_000).ToString("x", System.Globalization.CultureInfo.InvariantCulture))))
            .ToArray();
        var bucketer = new HashedNgramBucketer();
        foreach (var text in texts.Concat(texts))
        {
            var found = new List<int>();
            bucketer.Collect(text, found);
            Assert.Equal(Reference(text, HashedNgrams.DefaultBuckets, HashedNgrams.DefaultOrder), found);
        }
    }

    /// <summary>Featurize counts the bucketer's finds; a thread asking with other settings gets a bucketer of its own settings.</summary>
    [Fact]
    public void Featurize_counts_the_references_buckets_whatever_the_settings_asked_before()
    {
        foreach (var (buckets, order) in new[] { (10_000, 2), (7, 1), (10_000, 2), (1 << 20, 3) })
        {
            foreach (var text in Texts)
            {
                var expected = Reference(text, buckets, order).GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count());
                Assert.Equal(expected.OrderBy(p => p.Key), HashedNgrams.Featurize(text, buckets, order));
            }
        }
    }
}
