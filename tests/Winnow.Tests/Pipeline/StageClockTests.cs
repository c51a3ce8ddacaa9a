using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public sealed class StageClockTests
{
    [Fact]
    public void OneStepPerStageInOrderAndReportsForwarded()
    {
        var forwarded = new ProgressLog();
        var clock = new StageClock(forwarded);
        clock.Report(new StageProgress("read", 0, null));
        clock.Report(new StageProgress("read", 10, 10));
        clock.Report(new StageProgress("score x", 0, 10));
        clock.Report(new StageProgress("score x", 10, 10));
        clock.Report(new StageProgress("write", 0, 1));
        var steps = clock.Finish();
        Assert.Equal(["read", "score x", "write"], steps.Select(s => s.Name));
        Assert.All(steps, s => Assert.True(s.Seconds >= 0 && s.PeakWorkingSetBytes > 0));
        Assert.Equal(5, forwarded.Reports.Count);
    }
}
