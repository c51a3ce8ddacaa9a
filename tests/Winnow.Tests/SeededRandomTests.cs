using FsCheck;
using FsCheck.Fluent;

namespace Winnow.Tests;

public class SeededRandomTests
{
    [Fact]
    public void MatchesTheSplitMix64ReferenceSequence()
    {
        // Vigna's splitmix64.c with state 0 starts 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4.
        var rng = new SeededRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
    }

    [Fact]
    public void BoundedDrawsStayInRange() =>
        Prop.ForAll<long, PositiveInt>((seed, bound) =>
        {
            var rng = new SeededRandom(seed);
            return Enumerable.Range(0, 50).Select(_ => rng.NextInt(bound.Get)).All(x => x >= 0 && x < bound.Get);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void BoundedDrawsAreUniformAndReproducible()
    {
        var a = new SeededRandom(12);
        var b = new SeededRandom(12);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            var value = a.NextInt(7);
            Assert.Equal(value, b.NextInt(7));
            counts[value]++;
        }
        // Each count is Binomial(70,000, 1/7): mean 10,000, sd 92; ±500 is over 5 sd.
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.NotEqual(new SeededRandom(12).NextUInt64(), new SeededRandom(13).NextUInt64());
    }

    [Fact]
    public void RangeDrawsCoverTheHalfOpenRange()
    {
        var rng = new SeededRandom(5);
        var seen = Enumerable.Range(0, 2_000).Select(_ => rng.NextInt(-3, 4)).ToHashSet();
        Assert.Equal(Enumerable.Range(-3, 7), seen.Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(4, 4));
    }

    [Fact]
    public void UnitDrawsStayInsideTheirIntervals()
    {
        var rng = new SeededRandom(3);
        Assert.All(Enumerable.Range(0, 1000).Select(_ => rng.NextOpenUnit()), u => Assert.InRange(u, double.Epsilon, 1 - 1e-17));
        Assert.All(Enumerable.Range(0, 1000).Select(_ => rng.NextDouble()), u => Assert.True(u is >= 0 and < 1));
    }

    [Fact]
    public void GaussianDrawsHaveUnitMoments()
    {
        var rng = new SeededRandom(9);
        var values = Enumerable.Range(0, 40_000).Select(_ => rng.NextGaussian()).ToArray();
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        // Standard errors at n = 40,000: 0.005 for the mean, about 0.007 for the variance.
        Assert.InRange(mean, -0.025, 0.025);
        Assert.InRange(variance, 0.965, 1.035);
    }

    [Fact]
    public void ShuffleIsFisherYatesFromTheEnd()
    {
        // Replays the definition by hand: position i swaps with NextInt(i + 1), from the last position down.
        var replay = new SeededRandom(21);
        var expected = new[] { 0, 1, 2, 3, 4, 5 };
        for (var i = expected.Length - 1; i > 0; i--)
        {
            var j = replay.NextInt(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }
        Assert.Equal(expected, new SeededRandom(21).Permutation(6));
        var items = new[] { 0, 1, 2, 3, 4, 5 };
        new SeededRandom(21).Shuffle(items.AsSpan());
        Assert.Equal(expected, items);
    }

    [Fact]
    public void EveryPermutationOfThreeIsEquallyLikely()
    {
        var rng = new SeededRandom(4);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 60_000; i++)
        {
            var key = string.Concat(rng.Permutation(3));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        // Binomial(60,000, 1/6): mean 10,000, sd 91.
        Assert.All(counts.Values, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void ShuffleFrontDrawsADistinctUniformSample()
    {
        var hits = new int[10];
        for (var seed = 0; seed < 20_000; seed++)
        {
            var items = Enumerable.Range(0, 10).ToArray();
            new SeededRandom(seed).ShuffleFront(items.AsSpan(), 3);
            Assert.Equal(Enumerable.Range(0, 10), items.Order());
            foreach (var item in items[..3])
                hits[item]++;
        }
        // Each item is in the sample with probability 3/10: 6,000 of 20,000 (sd 65).
        Assert.All(hits, h => Assert.InRange(h, 5_650, 6_350));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededRandom(1).ShuffleFront(new int[2].AsSpan(), 3));
    }
}
