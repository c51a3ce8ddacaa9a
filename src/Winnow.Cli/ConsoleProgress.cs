using System.Diagnostics;
using Spectre.Console;
using Winnow.Pipeline;

namespace Winnow.Cli;

/// <summary>
/// Shows pipeline progress: a Spectre.Console bar per stage with rate and ETA when stderr is an interactive
/// terminal, otherwise one plain line per stage at most every few seconds (for logs and batch schedulers).
/// </summary>
public sealed class ConsoleProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private ConsoleProgress()
    {
    }

    public static bool IsInteractive => !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> with a progress sink suited to the console it runs in.</summary>
    public static T Run<T>(Func<IProgress<StageProgress>, T> work)
    {
        if (!IsInteractive)
            return work(KillSwitch.Wrap(new PlainReporter()));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(KillSwitch.Wrap(new BarReporter(context))));
    }

    /// <summary>Stage bars created on first report; the description carries the rate in rows per second.</summary>
    private sealed class BarReporter(ProgressContext context) : IProgress<StageProgress>
    {
        private readonly Dictionary<string, (ProgressTask Task, Stopwatch Clock)> _stages = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public void Report(StageProgress value)
        {
            lock (_lock)
            {
                if (!_stages.TryGetValue(value.Stage, out var stage))
                {
                    stage = (context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(1, value.Total ?? 1)), Stopwatch.StartNew());
                    stage.Task.IsIndeterminate = value.Total is null;
                    _stages[value.Stage] = stage;
                }
                if (value.Total is { } total)
                {
                    stage.Task.IsIndeterminate = false;
                    stage.Task.MaxValue = Math.Max(1, total);
                }
                stage.Task.Value = value.Done;
                var rate = value.Done / Math.Max(stage.Clock.Elapsed.TotalSeconds, 1e-3);
                stage.Task.Description = Markup.Escape($"{value.Stage} ({value.Done:N0} rows, {rate:N0}/s)");
                if (value.Total is { } t && value.Done >= t)
                    stage.Task.StopTask();
            }
        }
    }

    /// <summary>Plain lines to stderr: the first and last report of a stage always, others at most every 5 s.</summary>
    private sealed class PlainReporter : IProgress<StageProgress>
    {
        private readonly Dictionary<string, (Stopwatch Clock, TimeSpan LastPrinted)> _stages = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public void Report(StageProgress value)
        {
            lock (_lock)
            {
                var isNew = !_stages.TryGetValue(value.Stage, out var stage);
                if (isNew)
                    stage = (Stopwatch.StartNew(), TimeSpan.Zero);
                var elapsed = stage.Clock.Elapsed;
                var finished = value.Total is { } total && value.Done >= total;
                if (!isNew && !finished && elapsed - stage.LastPrinted < PlainInterval)
                    return;
                _stages[value.Stage] = (stage.Clock, elapsed);
                Console.Error.WriteLine(Format(value, elapsed));
            }
        }

        private static string Format(StageProgress value, TimeSpan elapsed)
        {
            var rate = value.Done / Math.Max(elapsed.TotalSeconds, 1e-3);
            var text = $"[{value.Stage}] {value.Done:N0}";
            if (value.Total is { } total)
            {
                text += $"/{total:N0} rows";
                if (value.Done > 0 && value.Done < total)
                    text += $", ETA {TimeSpan.FromSeconds((total - value.Done) / Math.Max(rate, 1e-9)):hh\\:mm\\:ss}";
            }
            else
            {
                text += " rows";
            }
            return text + $", {rate:N0} rows/s, {elapsed.TotalSeconds:N1} s";
        }
    }
}
