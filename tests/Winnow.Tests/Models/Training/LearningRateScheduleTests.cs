using Winnow.Models.Training;

namespace Winnow.Tests.Models.Training;

public class LearningRateScheduleTests
{
    [Theory]
    [InlineData("linear", 0, 0.0)]
    [InlineData("linear", 1, 0.5)]
    [InlineData("linear", 2, 1.0)]
    [InlineData("linear", 6, 0.5)]
    [InlineData("linear", 10, 0.0)]
    [InlineData("cosine", 2, 1.0)]
    [InlineData("cosine", 6, 0.5)]
    [InlineData("cosine", 4, 0.8535533905932737)]
    [InlineData("constant", 9, 1.0)]
    public void WarmUpThenDecay(string kind, int step, double expected) =>
        Assert.Equal(expected, new LearningRateSchedule(1.0, 2, 10, LearningRateSchedule.ParseKind(kind)).At(step), 12);
}
