using Winnow.Selection;
using Winnow.Selection.Dsir;

namespace Winnow.Tests.Selection.Dsir;

public class DsirSelectorTests
{
    private static SelectionContext Context(double[] weights, double[] lengths, int seed = 1) => new()
    {
        Ids = weights.Select((_, i) => $"{i}-x").ToList(),
        Scores = new Dictionary<string, double[]> { ["dsir.log_importance"] = weights, ["dsir.length"] = lengths },
        Seed = seed,
    };

    [Fact]
    public void TopKIsDeterministicAndAccountsForEveryRow()
    {
        var context = Context([0.5, 3, double.NaN, 2, 9], [150, 150, 150, 150, 20]);
        var result = new DsirSelector("dsir.log_importance", "dsir.length", 100, topK: true).Select(context, 2, default);
        Assert.Equal([1, 3], result.Selected.Select(p => p.Row));
        Assert.Equal([0, 1], result.Selected.Select(p => p.Rank));
        Assert.Equal([0, 2, 4], result.Rejected.Select(r => r.Row));
        Assert.Contains("min_example_length", result.Rejected[2].Reason);
        Assert.Contains("failed", result.Rejected[1].Reason);
    }

    [Fact]
    public void GumbelSamplingFollowsTheWeightsAndTheSeed()
    {
        // Row 0 has weight e^3 ≈ 20 times row 1's: drawn first in ≈ 20/21 of seeds.
        var picksOfRowZero = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var result = DsirSelector.Create(Parameters.For<DsirSelector>()).Select(Context([3, 0], [100, 100], seed), 1, default);
            picksOfRowZero += result.Selected[0].Row == 0 ? 1 : 0;
        }
        Assert.InRange(picksOfRowZero, 360, 395);
        var a = DsirSelector.Create(Parameters.For<DsirSelector>()).Select(Context([1, 2, 3, 4, 5], [100, 100, 100, 100, 100], 7), 3, default);
        var b = DsirSelector.Create(Parameters.For<DsirSelector>()).Select(Context([1, 2, 3, 4, 5], [100, 100, 100, 100, 100], 7), 3, default);
        Assert.Equal(a.Selected, b.Selected);
    }
}
