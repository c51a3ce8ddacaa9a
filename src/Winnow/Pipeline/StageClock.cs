using System.Diagnostics;

namespace Winnow.Pipeline;

/// <summary>
/// Times each pipeline stage from the progress reports it already sends: a stage runs from its first report to the
/// first report of the next stage (or <see cref="Finish"/>). Memory is the process working set sampled at each report,
/// the largest value seen while the stage ran, and the managed heap at its end. Reports are forwarded unchanged.
/// </summary>
public sealed class StageClock(IProgress<StageProgress>? inner) : IProgress<StageProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<RunLog.Step> _steps = [];
    private readonly Lock _lock = new();
    private (string Name, double Start, long PeakBytes)? _current;

    public void Report(StageProgress value)
    {
        lock (_lock)
        {
            var workingSet = Environment.WorkingSet;
            if (_current is { } current && current.Name == value.Stage)
                _current = current with { PeakBytes = Math.Max(current.PeakBytes, workingSet) };
            else
            {
                Close();
                _current = (value.Stage, _clock.Elapsed.TotalSeconds, workingSet);
            }
        }
        inner?.Report(value);
    }

    /// <summary>Closes the last stage and returns every stage in the order they ran.</summary>
    public IReadOnlyList<RunLog.Step> Finish()
    {
        lock (_lock)
        {
            Close();
            return _steps.ToList();
        }
    }

    private void Close()
    {
        if (_current is not { } current)
            return;
        _steps.Add(new RunLog.Step(current.Name, _clock.Elapsed.TotalSeconds - current.Start, Math.Max(current.PeakBytes, Environment.WorkingSet), GC.GetTotalMemory(false)));
        _current = null;
    }
}
