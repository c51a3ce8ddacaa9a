using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public sealed class SelectionReportReasonsTests
{
    [Fact]
    public void Reasons_are_counted_by_kind_with_their_numbers_replaced()
    {
        var shared = "below top-n1 and not best of cluster 12";
        string[] reasons =
        [
            "global top-n1 (rank 1, score 0.93)",
            shared,
            "global top-n1 (rank 2, score -1.5e-3)",
            shared,
            "below top-n1 and not best of cluster 7",
            // Equal text in another string object counts with the shared one.
            string.Concat("below top-n1 and not best of cluster ", "12"),
            "best of cluster 3, but cut by the budget of 10",
        ];
        var counts = SelectionReport.CountReasons(reasons);
        Assert.Equal(
            [
                new KeyValuePair<string, int>("below top-n# and not best of cluster #", 4),
                new KeyValuePair<string, int>("best of cluster #, but cut by the budget of #", 1),
                new KeyValuePair<string, int>("global top-n# (rank #, score #)", 2),
            ],
            counts);
    }
}
