namespace Winnow.Pipeline;

/// <summary>
/// Forwards progress synchronously, filling in the total when the stage did not know it. (The framework's
/// <c>Progress&lt;T&gt;</c> posts to the thread pool, which can reorder the reports of consecutive stages.)
/// </summary>
public sealed class KnownTotalProgress(IProgress<StageProgress> inner, long total) : IProgress<StageProgress>
{
    public void Report(StageProgress value) => inner.Report(value with { Total = value.Total ?? total });
}
