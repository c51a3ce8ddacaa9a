using Winnow.Filters;

namespace Winnow.Tests.Filters;

public class ExactDedupFilterTests
{
    [Fact]
    public void A_copy_points_at_the_first_occurrence_and_a_changed_field_is_no_copy()
    {
        var filter = ExactDedupFilter.Create(Parameters.For<ExactDedupFilter>());
        Assert.Null(filter.Check(TestRows.Alpaca(0, "Add 3 and 5.", "8")));
        Assert.Null(filter.Check(TestRows.Alpaca(1, "Add 3 and 5.", "8", "please")));
        Assert.Equal("exact copy of row 0", filter.Check(TestRows.Alpaca(2, "Add 3 and 5.", "8")));
        Assert.Equal("exact copy of row 1", filter.Check(TestRows.Alpaca(7, "Add 3 and 5.", "8", "please")));
        Assert.Equal("duplicate", filter.Code);
    }
}
