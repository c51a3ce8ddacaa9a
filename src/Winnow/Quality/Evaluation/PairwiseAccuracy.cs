using Winnow.Text;

namespace Winnow.Quality.Evaluation;

/// <summary>Accuracy over a set of pairs with its bootstrap 95 % interval (percentile method).</summary>
public readonly record struct AccuracyEstimate(int Pairs, double Accuracy, double Low, double High);

/// <summary>
/// Pairwise agreement with a preference: a pair counts 1 when the preferred side scores higher, ½ on a tie and 0
/// otherwise. The 95 % interval is the 2.5th–97.5th percentile of the accuracy over seeded bootstrap resamples
/// of the pairs (SeededRandom, so the interval is the same on every machine for a seed).
/// </summary>
public static class PairwiseAccuracy
{
    public const int DefaultResamples = 2000;

    /// <summary>Credit of one pair: 1 win, ½ tie, 0 loss.</summary>
    public static double Credit(double preferred, double other) => preferred > other ? 1 : preferred == other ? 0.5 : 0;

    public static AccuracyEstimate Estimate(IReadOnlyList<double> credits, ulong seed, int resamples = DefaultResamples)
    {
        var n = credits.Count;
        if (n == 0)
            return new AccuracyEstimate(0, double.NaN, double.NaN, double.NaN);
        var accuracy = credits.Sum() / n;
        var random = new SeededRandom(unchecked((long)seed));
        var draws = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var total = 0.0;
            for (var i = 0; i < n; i++)
                total += credits[random.NextInt(n)];
            draws[b] = total / n;
        }
        Array.Sort(draws);
        return new AccuracyEstimate(n, accuracy, Percentile(draws, 0.025), Percentile(draws, 0.975));
    }

    /// <summary>Linear interpolation between order statistics (numpy's default percentile).</summary>
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
