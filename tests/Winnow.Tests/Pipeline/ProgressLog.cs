using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

/// <summary>Every progress report, in order, as it is made: <see cref="Progress{T}"/> would post them to the thread pool.</summary>
internal sealed class ProgressLog : IProgress<StageProgress>
{
    public List<StageProgress> Reports { get; } = [];

    public void Report(StageProgress value) => Reports.Add(value);
}
