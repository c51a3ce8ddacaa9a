using System.Diagnostics;

namespace Winnow.Backends;

/// <summary>
/// The timed calibration behind <c>backend: auto</c> when two engines can run a model: token log-probabilities of the
/// last half of 4 rows × 128 random ids (the scorers' workload in small), after a one-row warm-up, in tokens per
/// second of wall time. It costs 512 tokens of scoring per candidate: seconds for a 1B model at the rates of
/// bench/results/backends.md.
/// </summary>
public static class SpeedCalibration
{
    private const int Rows = 4, Length = 128;

    public static double TokensPerSecond(IModelBackend backend)
    {
        var random = new SeededRandom(17);
        var length = Math.Min(Length, backend.MaxContext);
        var rows = Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, length).Select(_ => random.NextInt(backend.VocabSize)).ToArray()).ToArray();
        var scored = rows.Select(r => (r.Length / 2, r.Length)).ToArray();
        backend.TokenLogProbs([rows[0]], [scored[0]]);
        var watch = Stopwatch.StartNew();
        backend.TokenLogProbs(rows, scored);
        return Rows * length / watch.Elapsed.TotalSeconds;
    }
}
