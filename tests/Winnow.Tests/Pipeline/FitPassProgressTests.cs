using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public class FitPassProgressTests
{
    [Fact]
    public void EachPassIsItsOwnStageWithRowCounts()
    {
        var rows = Enumerable.Range(0, 5000).Select(i => new Sample(i, [new Turn(Role.User, "q"), new Turn(Role.Assistant, $"a{i}")], "q", "", $"a{i}")).ToList();
        var recorder = new ProgressLog();
        var pool = new FitPassProgress(() => rows, "demo", recorder);
        Assert.Equal(5000, pool.Count());
        Assert.Equal(100, pool.Take(100).Count());
        Assert.Equal(
            new StageProgress[] { new("fit demo, pass 1", 0, null), new("fit demo, pass 1", 4096, null), new("fit demo, pass 1", 5000, 5000), new("fit demo, pass 2", 0, null) },
            recorder.Reports);
    }
}
