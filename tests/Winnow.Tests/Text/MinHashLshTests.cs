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

    private static ulong[] Keys(MinHashLsh lsh, string text)
    {
        var shingles = MinHashLsh.Shingles(text);
        if (shingles.Length == 0)
            return [];
        var keys = new ulong[lsh.Bands];
        lsh.BandKeys(shingles, keys);
        return keys;
    }

    /// <summary>The candidate pairs (earlier, later) of texts added in order.</summary>
    private static List<(int Earlier, int Later)> Pairs(MinHashLsh lsh, params string[] texts)
    {
        var candidates = new LshCandidates(lsh.Bands);
        foreach (var text in texts)
            candidates.Add(Keys(lsh, text));
        return candidates.TakePairs().Select(p => ((int)(uint)p, (int)(p >> 32))).ToList();
    }

    /// <summary>Rows that share buckets are paired once each, sorted by the later row; an empty row joins none.</summary>
    [Fact]
    public void BucketsPairEveryEarlierCopyOnceAndEmptyRowsNone()
    {
        var lsh = new MinHashLsh(seed: 5);
        var pairs = Pairs(lsh,
            "the quick brown fox jumps",
            "   ",
            "an unrelated sentence about tea",
            "the quick brown fox jumps",
            "the quick brown fox jumps",
            "an unrelated sentence about tea",
            "   ");
        Assert.Equal([(0, 3), (0, 4), (3, 4), (2, 5)], pairs);
    }

    [Fact]
    public void TakingThePairsEmptiesTheColumns()
    {
        var candidates = new LshCandidates(16);
        var lsh = new MinHashLsh(seed: 1);
        candidates.Add(Keys(lsh, "a b c d"));
        candidates.Add(Keys(lsh, "a b c d"));
        Assert.Single(candidates.TakePairs());
        Assert.Equal(0, candidates.Count);
        Assert.Empty(candidates.TakePairs());
    }

    [Fact]
    public void IdenticalTextsAlwaysCollideAndUnrelatedOnesAlmostNever()
    {
        var lsh = new MinHashLsh(seed: 3);
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        // Jaccard 0 → every band differs unless two minima coincide by chance; over 50 unrelated texts none collide.
        var texts = new[] { text, text }.Concat(Enumerable.Range(0, 50).Select(k => string.Join(' ', Enumerable.Range(0, 60).Select(i => $"t{k}w{i}")))).ToArray();
        Assert.Equal([(0, 1)], Pairs(lsh, texts));
    }

    /// <summary>
    /// LSH with b = 16 bands of r = 8 rows makes a pair a candidate with probability 1 − (1 − J^8)^16: about 0.98 at
    /// J = 0.8 and 0.06 at J = 0.5; the 64 bands of 2 rows chosen for a threshold of 0.5 find a pair at 0.5 with
    /// probability 1 − (1 − 0.25)^64 ≈ 1 − 10⁻⁸. Checked over 40 seeds on pairs whose Jaccard is known exactly.
    /// </summary>
    [Fact]
    public void CandidateRateFollowsTheBandingCurve()
    {
        static string Text(int from, int count) => string.Join(' ', Enumerable.Range(from, count).Select(i => $"w{i}"));
        // 101 words → 100 bigrams; shifting by s words shares 100 − s of them: J = (100 − s) / (100 + s).
        int Found(int shift, int bands) => Enumerable.Range(0, 40).Count(seed => Pairs(new MinHashLsh(128, bands, seed), Text(0, 101), Text(shift, 101)).Count == 1);
        Assert.InRange(Found(11, 16), 34, 40);  // J = 89/111 ≈ 0.80: expected 0.98 × 40 ≈ 39
        Assert.InRange(Found(33, 16), 0, 10);   // J = 67/133 ≈ 0.50: expected 1 − (1 − 0.504^8)^16 ≈ 0.06 × 40 ≈ 2.5
        Assert.Equal(40, Found(33, MinHashLsh.BandsFor(0.5, 128)));
    }

    /// <summary>
    /// 1 − (1 − J^r)^b by hand: at J = 0.9, r = 8, b = 16, 0.9^8 = 0.430467, 0.569533^16 = 1.2255·10⁻⁴. Automatic banding
    /// takes the most rows per band (the fewest dissimilar pairs compared) that keep the probability at the threshold
    /// ≥ 0.999: at 0.8, r = 8 gives 1 − 0.832228^16 = 0.9470, so r = 4 (32 bands); at 0.5, r = 4 gives
    /// 1 − 0.9375^32 = 0.8732, so r = 2 (64 bands).
    /// </summary>
    [Fact]
    public void BandingKeepsAPairAtTheThresholdWithProbabilityAtLeast0999()
    {
        Assert.Equal(1 - 1.2255e-4, MinHashLsh.CandidateProbability(0.9, 16, 8), 6);
        Assert.Equal(0.9470, MinHashLsh.CandidateProbability(0.8, 16, 8), 4);
        Assert.Equal(0.8732, MinHashLsh.CandidateProbability(0.5, 32, 4), 4);
        Assert.Equal(16, MinHashLsh.BandsFor(0.95, 128));
        Assert.Equal(16, MinHashLsh.BandsFor(0.9, 128));
        Assert.Equal(32, MinHashLsh.BandsFor(0.8, 128));
        Assert.Equal(32, MinHashLsh.BandsFor(0.7, 128));
        Assert.Equal(64, MinHashLsh.BandsFor(0.5, 128));
        Assert.Throws<ArgumentException>(() => MinHashLsh.BandsFor(0.01, 128));
    }

    /// <summary>The folded Mersenne reduction against its simple twin, a 128-bit product and remainder, at the extremes and at random.</summary>
    [Fact]
    public void PermutationEqualsTheRemainderOfThe128BitProduct()
    {
        const ulong prime = (1UL << 61) - 1;
        static ulong Twin(ulong a, ulong b, uint h) => (ulong)(((UInt128)a * h % prime + b) % prime);
        var random = new Random(11);
        var cases = new List<(ulong, ulong, uint)> { (prime - 1, prime - 1, uint.MaxValue), (1, 0, 0), (prime - 1, 0, 1), (1, prime - 1, 1), (prime - 1, prime - 1, 0) };
        for (var i = 0; i < 100_000; i++)
            cases.Add(((ulong)random.NextInt64(1, (long)prime), (ulong)random.NextInt64(0, (long)prime), (uint)random.NextInt64(0, 1L << 32)));
        foreach (var (a, b, h) in cases)
            Assert.Equal(Twin(a, b, h), MinHashLsh.Permute(a, b, h));
    }
}
