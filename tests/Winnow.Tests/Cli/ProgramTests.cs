using Winnow.Data;

namespace Winnow.Tests.Cli;

public class ProgramTests
{
    [Fact]
    public void A_failure_on_a_worker_thread_is_reported_as_itself()
    {
        var error = new StringWriter();
        var wrapped = Assert.Throws<AggregateException>(() => Parallel.For(0, 1, _ => throw new DatasetFormatException("pool.jsonl", 7, null, "field 'output' is not a string")));

        var code = Winnow.Cli.Program.Report(wrapped, error);

        Assert.Equal(Winnow.Cli.ExitCodes.RuntimeError, code);
        Assert.Equal("winnow: pool.jsonl:7: field 'output' is not a string" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Several_failures_report_the_first_and_count_the_rest()
    {
        var error = new StringWriter();
        var nested = new AggregateException(new ArgumentException("--budget must be positive"), new AggregateException(new IOException("disk full")), new IOException("disk full"));

        var code = Winnow.Cli.Program.Report(nested, error);

        // The first failure decides the exit code: a usage mistake.
        Assert.Equal(Winnow.Cli.ExitCodes.UsageError, code);
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["winnow: --budget must be positive", "winnow: (2 more failures on other threads at the same time, not shown)"], lines);
    }
}
