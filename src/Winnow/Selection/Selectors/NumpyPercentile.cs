namespace Winnow.Selection.Selectors;

/// <summary>
/// numpy's default percentile (<c>method="linear"</c>): sort, position h = (m − 1)·q/100, interpolate between the
/// neighbours at ⌊h⌋ and ⌊h⌋ + 1 with numpy's two-sided lerp (a + (b − a)·t below t = 0.5, b − (b − a)·(1 − t) from
/// 0.5 on), so the bounds Cherry's pre-experience filter compares against are the same doubles as numpy's.
/// </summary>
public static class NumpyPercentile
{
    public static double Linear(ReadOnlySpan<double> values, double q)
    {
        if (values.Length == 0)
            throw new ArgumentException("percentile of an empty set");
        if (!(q >= 0 && q <= 100))
            throw new ArgumentOutOfRangeException(nameof(q), $"percentile must be in [0, 100], got {q}");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var h = (sorted.Length - 1) * (q / 100.0);
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var t = h - below;
        var a = sorted[below];
        var b = sorted[above];
        var diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
