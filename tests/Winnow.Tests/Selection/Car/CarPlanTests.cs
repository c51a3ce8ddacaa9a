using Winnow.Selection;
using Winnow.Selection.Car;

namespace Winnow.Tests.Selection.Car;

public class CarPlanTests
{
    // Rows 0..8. Cluster winners: label 9 → row 0, label 10 → row 1, label 2 → row 2, label 1 → row 8.
    private static readonly double[] Scores = [0.95, 0.90, 0.85, 0.80, 0.40, 0.30, 0.20, double.NaN, 0.60];
    private static readonly int[] Labels = [9, 10, 2, 9, 10, 2, 9, 10, 1];

    private static int[] Rows(SelectionResult result) => result.Selected.Select(p => p.Row).ToArray();

    private static string Why(SelectionResult result, int row) => result.Rejected.Single(r => r.Row == row).Reason;

    [Fact]
    public void AppendedClusterWinnersFollowLabelsComparedAsStringsDescending()
    {
        var result = CarPlan.Select(Scores, Labels, budget: 10, n1: 1, n2: 1);
        // Labels "2" > "10" > "1" as strings.
        Assert.Equal([0, 2, 1, 8], Rows(result));
        Assert.Equal([0, 1, 2, 3], result.Selected.Select(p => p.Rank));
        Assert.Equal("global top-n1 (rank 1, score 0.95), also best of cluster 9", result.Selected[0].Reason);
        Assert.Equal("best of cluster 2", result.Selected[1].Reason);
        Assert.Equal("best of cluster 10", result.Selected[2].Reason);
        Assert.Equal("best of cluster 1", result.Selected[3].Reason);
        Assert.Equal("below top-n1 and not best of cluster 9", Why(result, 3));
        Assert.Equal("below top-n1 and not best of cluster 10", Why(result, 4));
        Assert.Equal("score missing", Why(result, 7));
        Assert.Equal(5, result.Rejected.Count);
    }

    [Fact]
    public void FixedN1ListIsCutAtTheBudget()
    {
        var result = CarPlan.Select(Scores, Labels, budget: 3, n1: 1, n2: 1);
        Assert.Equal([0, 2, 1], Rows(result));
        Assert.Equal("best of cluster 1, but cut by the budget of 3", Why(result, 8));
    }

    [Fact]
    public void DerivedN1IsTheLongestTopThatFitsWithEveryClusterWinner()
    {
        // Winners {0, 1, 2, 8} leave room for 2 other rows: the top runs 0, 1, 2, 3, 8, 4 (rows 3 and 4 are the others).
        var result = CarPlan.Select(Scores, Labels, budget: 6, n1: null, n2: 1);
        Assert.Equal([0, 1, 2, 3, 8, 4], Rows(result));
        Assert.Equal("global top-n1 (rank 4, score 0.8)", result.Selected[3].Reason);
    }

    [Fact]
    public void BudgetBelowTheClusterCountKeepsTheBestWinners()
    {
        var result = CarPlan.Select(Scores, Labels, budget: 2, n1: null, n2: 1);
        // Best two winners are rows 0 (label "9") and 1 (label "10"); "9" > "10" as strings.
        Assert.Equal([0, 1], Rows(result));
        Assert.Equal("best of cluster 2, but cut by the budget of 2", Why(result, 2));
    }

    [Fact]
    public void TopN2PerClusterWithinOneClusterByScore()
    {
        var result = CarPlan.Select(Scores, Labels, budget: 20, n1: 0, n2: 2);
        // Labels "9" (rows 0, 3), "2" (2, 5), "10" (1, 4), "1" (8).
        Assert.Equal([0, 3, 2, 5, 1, 4, 8], Rows(result));
        Assert.Equal("top-2 of cluster 9", result.Selected[0].Reason);
        Assert.Equal("below top-n1 and not in the top-2 of cluster 9", Why(result, 6));
    }

    [Fact]
    public void ZeroBudgetSelectsNothingAndExplainsEveryRow()
    {
        var result = CarPlan.Select(Scores, Labels, budget: 0, n1: null, n2: 1);
        Assert.Empty(result.Selected);
        Assert.Equal(Scores.Length, result.Rejected.Count);
    }
}
