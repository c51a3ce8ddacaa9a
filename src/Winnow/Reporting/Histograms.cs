using System.Globalization;

namespace Winnow.Reporting;

/// <summary>
/// Histograms for the report: one shared set of equal-width bins per quantity, spanning the pool's 0.5th to 99.5th
/// percentile so one extreme row does not squash the rest (values outside fall into the end bins, and the title says
/// so); each set's counts are shown as shares of that set, so a selection of 1,000 rows and a pool of 50,000 compare.
/// </summary>
public static class Histograms
{
    public const int Bins = 40;

    public static HistogramData Build(string title, string explanation, string unit, IReadOnlyList<double> pool, IReadOnlyList<IReadOnlyList<double>> methods, IReadOnlyList<Marker> markers)
    {
        var finite = pool.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0)
            return new HistogramData(title, explanation, [], [], methods.Select(_ => Array.Empty<double>()).ToList(), markers, 0, unit);
        var low = Quantile(finite, 0.005);
        var high = Quantile(finite, 0.995);
        if (high <= low)
            high = low + Math.Max(1e-9, Math.Abs(low) * 1e-6);
        var edges = Enumerable.Range(0, Bins + 1).Select(i => low + (high - low) * i / Bins).ToArray();
        var clipped = finite[0] < low || finite[^1] > high;
        var fullTitle = clipped ? $"{title} (bins span the pool's 0.5–99.5 % range {Format(low)}…{Format(high)}; values outside count in the end bins)" : title;
        return new HistogramData(fullTitle, explanation, edges, Shares(finite, low, high), methods.Select(m => Shares(m.Where(double.IsFinite).ToArray(), low, high)).ToList(), markers, finite.Length, unit);
    }

    /// <summary>Share of <paramref name="values"/> in each of <see cref="Bins"/> equal bins over [low, high], ends clamped.</summary>
    public static double[] Shares(IReadOnlyList<double> values, double low, double high)
    {
        var counts = new double[Bins];
        if (values.Count == 0)
            return counts;
        foreach (var value in values)
        {
            var bin = (int)Math.Floor((value - low) / (high - low) * Bins);
            counts[Math.Clamp(bin, 0, Bins - 1)]++;
        }
        for (var i = 0; i < Bins; i++)
            counts[i] /= values.Count;
        return counts;
    }

    /// <summary>Linear-interpolated quantile of sorted values (numpy's default rule).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    public static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
