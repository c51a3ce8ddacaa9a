using FsCheck;
using FsCheck.Fluent;
using Winnow.Text;

namespace Winnow.Tests.Text;

public class SplitMix64Tests
{
    [Fact]
    public void MatchesTheReferenceSequence()
    {
        // Vigna's splitmix64.c with state 0 starts 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
    }

    [Fact]
    public void BoundedDrawsStayInRange() =>
        Prop.ForAll<ulong, PositiveInt>((seed, bound) =>
        {
            var rng = new SplitMix64(seed);
            return Enumerable.Range(0, 50).Select(_ => rng.NextInt(bound.Get)).All(x => x >= 0 && x < bound.Get);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void OpenUnitNeverHitsTheEnds()
    {
        var rng = new SplitMix64(3);
        Assert.All(Enumerable.Range(0, 1000).Select(_ => rng.NextOpenUnit()), u => Assert.InRange(u, double.Epsilon, 1 - 1e-17));
    }
}
