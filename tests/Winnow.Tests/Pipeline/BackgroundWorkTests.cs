using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public class BackgroundWorkTests
{
    [Fact]
    public void Gives_the_works_result()
    {
        using var work = new BackgroundWork<int>(() => 6 * 7);
        Assert.Equal(42, work.Result);
    }

    /// <summary>Disposing without taking the result still waits for the work, which may be reading what the caller releases next.</summary>
    [Fact]
    public void Dispose_waits_for_the_work_to_end()
    {
        using var started = new ManualResetEventSlim();
        var ended = false;
        var work = new BackgroundWork<int>(() =>
        {
            started.Set();
            Thread.Sleep(200);
            Volatile.Write(ref ended, true);
            return 0;
        });
        started.Wait();
        work.Dispose();
        Assert.True(Volatile.Read(ref ended));
    }

    /// <summary>A failed work throws where its result is taken; disposing it afterwards (the caller's early exit) does not throw again.</summary>
    [Fact]
    public void A_failure_is_thrown_by_the_result_not_by_dispose()
    {
        var work = new BackgroundWork<int>(() => throw new InvalidDataException("bad embeddings"));
        var e = Assert.Throws<InvalidDataException>(() => work.Result);
        Assert.Equal("bad embeddings", e.Message);
        work.Dispose();
    }
}
