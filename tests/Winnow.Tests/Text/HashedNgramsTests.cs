using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Winnow.Text;

namespace Winnow.Tests.Text;

public class HashedNgramsTests
{
    [Theory]
    // Expected buckets from Python: int(hashlib.sha256(s.encode('utf-8')).hexdigest(), 16) % m.
    [InlineData("the", 10_000, 8288)]
    [InlineData("hello world", 10_000, 1529)]
    [InlineData(".", 10_000, 3960)]
    [InlineData("café", 10_000, 1662)]
    [InlineData("", 10_000, 6549)]
    [InlineData("the", 7, 6)]
    [InlineData("hello world", 7, 5)]
    public void BucketIsTheBigIntegerModulo(string ngram, int buckets, int expected) =>
        Assert.Equal(expected, HashedNgrams.Bucket(ngram, buckets));

    /// <summary>Python's rule with the system SHA-256 and a big integer, on n-grams short and long (past the stack buffer's 256 bytes).</summary>
    [Fact]
    public void BucketIsThePythonRuleOnNgramsOfEveryLength()
    {
        var random = new Random(11);
        const string alphabet = "abcdefghij é日😀 -.";
        for (var length = 0; length < 200; length += 3)
        {
            var ngram = string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
            foreach (var buckets in new[] { 7, 10_000, 1 << 20 })
            {
                var digest = new BigInteger(SHA256.HashData(Encoding.UTF8.GetBytes(ngram)), isUnsigned: true, isBigEndian: true);
                Assert.Equal((int)(digest % buckets), HashedNgrams.Bucket(ngram, buckets));
            }
        }
    }

    [Fact]
    public void WordPunctTokensMatchPythonRegex()
    {
        // Python: re.findall(r'\w+|[^\w\s]+', "Don't STOP—believing!! café_1 x+y".lower())
        Assert.Equal(["don", "'", "t", "stop", "—", "believing", "!!", "café_1", "x", "+", "y"],
            WordPunctTokenizer.Tokenize("Don't STOP—believing!! café_1 x+y"));
    }

    [Fact]
    public void UnigramsAndBigrams()
    {
        // "A b" → unigrams "a", "b" and bigram "a b" → 3 features; length estimate (3 + 1) // 2 = 2 tokens.
        var features = HashedNgrams.Featurize("A b");
        Assert.Equal(3, features.Values.Sum());
        Assert.Equal(1, features[HashedNgrams.Bucket("a b", 10_000)]);
        Assert.Equal(2, HashedNgrams.EstimatedLength(features.Values.Sum()));
        Assert.Equal(100, HashedNgrams.EstimatedLength(199));
    }
}
