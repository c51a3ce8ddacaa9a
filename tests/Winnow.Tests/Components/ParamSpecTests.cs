using Winnow.Components;

namespace Winnow.Tests.Components;

public sealed class ParamSpecTests
{
    private static ParamSpec Spec(ParamType type, double min = double.NaN, double max = double.NaN, bool minExclusive = false, bool maxExclusive = false, params string[] values) =>
        new("k", type, "doc", null, null, false, min, max, minExclusive, maxExclusive, values);

    [Fact]
    public void IntegersAreWholeAndInRange()
    {
        var spec = Spec(ParamType.Int, min: 1);
        Assert.Null(spec.Check("1"));
        Assert.Null(spec.Check("123456789012"));
        Assert.Equal("an integer ≥ 1", spec.Check("0"));
        Assert.Equal("an integer ≥ 1", spec.Check("1.5"));
        Assert.Equal("an integer ≥ 1", spec.Check(""));
    }

    [Fact]
    public void NumberBoundsHonourTheirExclusiveFlags()
    {
        var open = Spec(ParamType.Number, 0, 1, minExclusive: true, maxExclusive: true);
        Assert.Equal(" in (0, 1)", open.RangeText());
        Assert.NotNull(open.Check("0"));
        Assert.Null(open.Check("0.5"));
        Assert.NotNull(open.Check("1"));
        Assert.NotNull(open.Check("NaN"));
        var closed = Spec(ParamType.Number, 0, 1);
        Assert.Null(closed.Check("0"));
        Assert.Null(closed.Check("1"));
        Assert.Null(Spec(ParamType.Number).Check("-Infinity"));
        Assert.Equal(" < 2", Spec(ParamType.Number, max: 2, maxExclusive: true).RangeText());
    }

    [Fact]
    public void ChoicesBoolsAndListsAreChecked()
    {
        var choice = Spec(ParamType.Choice, values: ["l2", "cosine", "dot"]);
        Assert.Null(choice.Check("cosine"));
        Assert.Equal("l2, cosine or dot", choice.Check("Cosine"));
        Assert.Null(Spec(ParamType.Bool).Check("yes"));
        Assert.Equal("true or false", Spec(ParamType.Bool).Check("on"));
        var list = Spec(ParamType.NumberList, min: 0);
        Assert.Null(list.Check("1, 0.5,2"));
        Assert.Equal("comma-separated numbers ≥ 0", list.Check("1,-1"));
        Assert.NotNull(Spec(ParamType.Column).Check(""));
    }
}
