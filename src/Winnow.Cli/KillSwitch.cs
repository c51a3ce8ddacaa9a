using System.Globalization;
using Winnow.Pipeline;

namespace Winnow.Cli;

/// <summary>
/// Fault injection for crash tests: with <c>WINNOW_KILL_AT=STAGE</c> or <c>STAGE@ROWS</c> in the environment, the
/// process kills itself with SIGKILL (as <c>kill -9</c> would) at the first progress report of a stage whose name
/// starts with STAGE and that has reached ROWS (default 0, the stage's start). Stages of <c>select</c>: read, fit,
/// score, embed, select, write, report, publish. Unset, it does nothing.
/// </summary>
internal sealed class KillSwitch(IProgress<StageProgress> inner, string stage, long rows) : IProgress<StageProgress>
{
    public const string Variable = "WINNOW_KILL_AT";

    public static IProgress<StageProgress> Wrap(IProgress<StageProgress> inner)
    {
        var setting = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(setting))
            return inner;
        var at = setting.IndexOf('@');
        return at < 0
            ? new KillSwitch(inner, setting, 0)
            : new KillSwitch(inner, setting[..at], long.Parse(setting[(at + 1)..], CultureInfo.InvariantCulture));
    }

    public void Report(StageProgress value)
    {
        if (value.Stage.StartsWith(stage, StringComparison.Ordinal) && value.Done >= rows)
        {
            Console.Error.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }
        inner.Report(value);
    }
}
