using System.Text.Json;

namespace Winnow.Pipeline;

/// <summary>
/// What a selection run cost and what ran, written beside its output as <c>&lt;output&gt;.run.json</c>: the full paths of
/// the input and of the score file, the plan that ran (one line per step, from the recipe), and time and memory per stage. Kept apart from <c>report.json</c> because timings differ
/// from run to run, while the report's bytes must not.
/// </summary>
public sealed record RunLog(string InputPath, string ScoresPath, IReadOnlyList<string> Plan, double TotalSeconds, IReadOnlyList<RunLog.Step> Steps)
{
    /// <summary>Each row filter's own time (its checks, or its passes for a pool-calibrated one), in recipe order.</summary>
    public IReadOnlyList<FilterTime>? Filters { get; init; }

    /// <summary>A filter's time; <see cref="FromCheckpoint"/> is true (else left out) when this run loaded its outcome from a filter checkpoint, and the time is then the saving run's.</summary>
    public sealed record FilterTime(string Name, double Seconds, bool? FromCheckpoint = null);

    /// <summary>One stage: wall time, the largest working set sampled while it ran, and the managed heap at its end.</summary>
    public sealed record Step(string Name, double Seconds, long PeakWorkingSetBytes, long ManagedBytesAtEnd);

    public static string PathFor(string output) => output + ".run.json";

    public void Write(string path) =>
        OutputFile.Write(path, stream => JsonSerializer.Serialize(stream, this, ReportJson.Options));

    public static RunLog Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<RunLog>(stream, ReportJson.Options)
            ?? throw new InvalidDataException($"{path}: empty run log");
    }
}
