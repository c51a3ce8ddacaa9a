using System.Text;
using Winnow.Embedding;

namespace Winnow.Tests.Embedding;

public class HashedTermsTests
{
    /// <summary>The obvious twin: split into lower-cased word strings, then hash each word and each "a b" pair.</summary>
    private static List<int> Reference(string text, int bits)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (HashedTerms.IsWordRune(rune))
            {
                current.Append(Rune.ToLowerInvariant(rune).ToString());
                continue;
            }
            if (current.Length > 0)
                words.Add(current.ToString());
            current.Clear();
        }
        if (current.Length > 0)
            words.Add(current.ToString());
        var buckets = new List<int>();
        for (var i = 0; i < words.Count; i++)
        {
            buckets.Add(Bucket(words[i], bits));
            if (i > 0)
                buckets.Add(Bucket(words[i - 1] + " " + words[i], bits));
        }
        return buckets;
    }

    private static int Bucket(string term, int bits)
    {
        var state = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(term))
            state = (state ^ b) * 1099511628211UL;
        return (int)(HashedTerms.Finalise(state) & ((1UL << bits) - 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!! ... ???")]
    [InlineData("Hello, World! hello world")]
    [InlineData("  leading and trailing  ")]
    [InlineData("snake_case and hyphen-ated 3.14 x2")]
    [InlineData("Ünïcödé ÀÉÎ straße ΣΊΣΥΦΟΣ")]
    [InlineData("हिन्दी भाषा 中文分词 日本語")]
    [InlineData("emoji 😀 between 𝔘𝔫𝔦 words")]
    [InlineData("lone \ud800 surrogate")]
    public void StreamingHashMatchesSplitThenHash(string text)
    {
        var buckets = new List<int>();
        HashedTerms.Collect(text, 18, buckets);
        Assert.Equal(Reference(text, 18), buckets);
    }

    [Fact]
    public void EveryAsciiCharacterIsSplitAndLowerCasedAsItsRune()
    {
        // Each of the 128 ASCII characters between two words, and runs of them, against the rune-by-rune twin.
        var text = new StringBuilder();
        for (var c = 0; c < 128; c++)
            text.Append("Ab").Append((char)c).Append("Zq9").Append((char)c).Append((char)(127 - c));
        var buckets = new List<int>();
        HashedTerms.Collect(text.ToString(), 18, buckets);
        Assert.Equal(Reference(text.ToString(), 18), buckets);
    }

    [Fact]
    public void WordsAreLowerCasedRunsOfLettersAndDigits()
    {
        var a = new List<int>();
        var b = new List<int>();
        HashedTerms.Collect("Don't STOP-now", 18, a);
        HashedTerms.Collect("don t stop now", 18, b);
        Assert.Equal(b, a);
        Assert.Equal(4 + 3, a.Count);
    }

    [Fact]
    public void BucketsAreStableAcrossProcesses()
    {
        // Pinned values: a change here changes every stored embedding.
        var buckets = new List<int>();
        HashedTerms.Collect("hello world", 18, buckets);
        Assert.Equal([Bucket("hello", 18), Bucket("world", 18), Bucket("hello world", 18)], buckets);
        Assert.Equal([249103, 5517, 135505], buckets); // checked with an independent Python FNV-1a + SplitMix64
    }
}
