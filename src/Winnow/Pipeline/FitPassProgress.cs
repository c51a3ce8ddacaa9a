using System.Collections;
using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>
/// The pool as a pool fit sees it: every pass the fit makes over it is reported as its own stage,
/// "fit NAME, pass P", every 4,096 rows, so a multi-pass fit (e.g. default-quality: features, the stat-IFD sample,
/// the stat-IFD pool pass) shows a rate per pass and, once the pool size is known, an ETA.
/// </summary>
internal sealed class FitPassProgress(Func<IEnumerable<Sample>> pool, string name, IProgress<StageProgress> progress) : IEnumerable<Sample>
{
    private const int ReportEvery = 4096;
    private int _passes;

    public IEnumerator<Sample> GetEnumerator() => Pass(Interlocked.Increment(ref _passes)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<Sample> Pass(int pass)
    {
        var stage = $"fit {name}, pass {pass}";
        long done = 0;
        progress.Report(new StageProgress(stage, 0, null));
        foreach (var row in pool())
        {
            yield return row;
            if (++done % ReportEvery == 0)
                progress.Report(new StageProgress(stage, done, null));
        }
        progress.Report(new StageProgress(stage, done, done));
    }
}
