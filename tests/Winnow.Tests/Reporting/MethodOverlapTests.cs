using Winnow.Reporting;

namespace Winnow.Tests.Reporting;

public sealed class MethodOverlapTests
{
    [Fact]
    public void JaccardByHand()
    {
        // {1,2,3} and {2,3,4,5}: intersection 2, union 5.
        Assert.Equal(0.4, MethodOverlap.Jaccard(new HashSet<int> { 1, 2, 3 }, new HashSet<int> { 2, 3, 4, 5 }), 12);
        Assert.Equal(1.0, MethodOverlap.Jaccard(new HashSet<int>(), new HashSet<int>()), 12);
        Assert.Equal(0.0, MethodOverlap.Jaccard(new HashSet<int> { 1 }, new HashSet<int> { 2 }), 12);
    }
}
