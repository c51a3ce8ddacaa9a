using Winnow.Text;

namespace Winnow.Tests.Text;

public class MinHashLshTests
{
    /// <summary>
    /// Shingle hashes are the first four bytes of SHA-1, little endian (datasketch's sha1_hash32); the expected values
    /// were computed independently with Python: struct.unpack('&lt;I', hashlib.sha1(b'hello world').digest()[:4]).
    /// </summary>
    [Fact]
    public void ShinglesAreSha1HashesOfLowerCasedWordBigrams()
    {
        Assert.Equal([896314922u], MinHashLsh.Shingles("Hello World"));
        Assert.Equal([499578026u], MinHashLsh.Shingles("hello"));
        Assert.Empty(MinHashLsh.Shingles("   "));
    }

    /// <summary>{a b, b c, c d} vs {a b, b c, c e}: 2 shared of 4 distinct, Jaccard 0.5.</summary>
    [Fact]
    public void JaccardIsExactOverShingleSets()
    {
        Assert.Equal(0.5, MinHashLsh.Jaccard(MinHashLsh.Shingles("a b c d"), MinHashLsh.Shingles("a b c e")), 12);
        Assert.Equal(1.0, MinHashLsh.Jaccard(MinHashLsh.Shingles("x y z"), MinHashLsh.Shingles("X Y Z")), 12);
        Assert.Equal(0.0, MinHashLsh.Jaccard([], []));
    }

    /// <summary>Rows that share buckets are found whatever the chain order; an empty row joins none; Clear forgets every row.</summary>
    [Fact]
    public void BucketsFindEveryEarlierCopyAndClearForgetsThem()
    {
        var lsh = new MinHashLsh(seed: 5);
        Assert.Empty(lsh.AddAndFindCandidates("the quick brown fox jumps"));
        Assert.Empty(lsh.AddAndFindCandidates("   "));
        Assert.Empty(lsh.AddAndFindCandidates("an unrelated sentence about tea"));
        Assert.Equal([0], lsh.AddAndFindCandidates("the quick brown fox jumps").Order());
        Assert.Equal([0, 3], lsh.AddAndFindCandidates("the quick brown fox jumps").Order());
        Assert.Equal([2], lsh.AddAndFindCandidates("an unrelated sentence about tea").Order());
        Assert.Empty(lsh.AddAndFindCandidates("   "));
        lsh.Clear();
        Assert.Equal(0, lsh.Count);
        Assert.Empty(lsh.AddAndFindCandidates("the quick brown fox jumps"));
        Assert.Equal(1.0, lsh.Jaccard(0, 0), 12);
    }

    [Fact]
    public void IdenticalTextsAlwaysCollideAndUnrelatedOnesAlmostNever()
    {
        var lsh = new MinHashLsh(seed: 3);
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        Assert.Empty(lsh.AddAndFindCandidates(text));
        Assert.Equal([0], lsh.AddAndFindCandidates(text));
        // Jaccard 0 → every band differs unless two minima coincide by chance; over 50 unrelated texts none collide.
        var collisions = Enumerable.Range(0, 50).Sum(k => lsh.AddAndFindCandidates(string.Join(' ', Enumerable.Range(0, 60).Select(i => $"t{k}w{i}"))).Count);
        Assert.Equal(0, collisions);
    }

    /// <summary>
    /// LSH with b = 16 bands of r = 8 rows makes a pair a candidate with probability 1 − (1 − J^8)^16: about 0.98 at
    /// J = 0.8 and 0.06 at J = 0.5. Checked over 40 seeds on pairs whose Jaccard is known exactly.
    /// </summary>
    [Fact]
    public void CandidateRateFollowsTheBandingCurve()
    {
        static string Text(int from, int count) => string.Join(' ', Enumerable.Range(from, count).Select(i => $"w{i}"));
        // 101 words → 100 bigrams; shifting by s words shares 100 − s of them: J = (100 − s) / (100 + s).
        var high = Enumerable.Range(0, 40).Count(seed =>
        {
            var lsh = new MinHashLsh(seed: seed);
            lsh.AddAndFindCandidates(Text(0, 101));
            return lsh.AddAndFindCandidates(Text(11, 101)).Count == 1; // J = 89/111 ≈ 0.80
        });
        var low = Enumerable.Range(0, 40).Count(seed =>
        {
            var lsh = new MinHashLsh(seed: seed);
            lsh.AddAndFindCandidates(Text(0, 101));
            return lsh.AddAndFindCandidates(Text(33, 101)).Count == 1; // J = 67/133 ≈ 0.50
        });
        Assert.InRange(high, 34, 40);   // expected 0.98 × 40 ≈ 39
        Assert.InRange(low, 0, 10);     // expected 1 − (1 − 0.504^8)^16 ≈ 0.06 × 40 ≈ 2.5
    }
}
