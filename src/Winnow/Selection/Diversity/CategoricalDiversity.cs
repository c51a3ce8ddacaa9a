namespace Winnow.Selection.Diversity;

/// <summary>
/// Diversity of a categorical distribution given as non-negative counts (cluster sizes of a selection, tag counts,
/// hashed n-gram counts…). Entropies use the natural log (nats). Empty distributions (total 0) give NaN.
/// </summary>
public static class CategoricalDiversity
{
    /// <summary>Counts per label over <paramref name="rows"/> (all rows when null), ordered by label value.</summary>
    public static double[] LabelCounts(ReadOnlySpan<int> labels, IReadOnlyList<int>? rows = null)
    {
        var counts = new SortedDictionary<int, double>();
        var n = rows?.Count ?? labels.Length;
        for (var i = 0; i < n; i++)
        {
            var label = labels[rows is null ? i : rows[i]];
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }
        return [.. counts.Values];
    }

    /// <summary>Number of distinct labels among <paramref name="rows"/>: "clusters covered" by a selection.</summary>
    public static int ClustersCovered(ReadOnlySpan<int> labels, IReadOnlyList<int> rows) => LabelCounts(labels, rows).Length;

    /// <summary>Shannon entropy H = −Σ p_i ln p_i (nats).</summary>
    public static double Shannon(ReadOnlySpan<double> counts) => Renyi(counts, 1.0);

    /// <summary>
    /// Rényi entropy H_α = ln(Σ p_i^α) / (1 − α) for α ≥ 0; α = 1 is Shannon (the limit), α = 0 is ln(#non-zero
    /// categories), α = +∞ is −ln max p_i. exp(H_α) is the Hill number of order α.
    /// </summary>
    public static double Renyi(ReadOnlySpan<double> counts, double alpha) => RenyiOfProbabilities(Proportions(counts), alpha);

    /// <summary>Simpson's λ = Σ p_i² (probability that two draws with replacement share a category).</summary>
    public static double Simpson(ReadOnlySpan<double> counts)
    {
        var p = Proportions(counts);
        var sum = 0.0;
        foreach (var value in p)
            sum += value * value;
        return p.Length == 0 ? double.NaN : sum;
    }

    /// <summary>Gini–Simpson index 1 − λ.</summary>
    public static double GiniSimpson(ReadOnlySpan<double> counts) => 1.0 - Simpson(counts);

    /// <summary>Inverse Simpson 1/λ (= exp(H_2)).</summary>
    public static double InverseSimpson(ReadOnlySpan<double> counts) => 1.0 / Simpson(counts);

    /// <summary>Hill number (effective number of categories) exp(H_α).</summary>
    public static double HillNumber(ReadOnlySpan<double> counts, double alpha) => Math.Exp(Renyi(counts, alpha));

    /// <summary>
    /// H_α of a probability vector taken as is (no renormalisation; Vendi feeds eigenvalues of K/n through this).
    /// Zero entries are skipped (0·ln 0 := 0). An empty vector gives NaN.
    /// </summary>
    public static double RenyiOfProbabilities(ReadOnlySpan<double> p, double alpha)
    {
        if (double.IsNaN(alpha) || alpha < 0)
            throw new ArgumentOutOfRangeException(nameof(alpha), $"Rényi order must be ≥ 0, got {alpha}");
        if (p.Length == 0)
            return double.NaN;
        if (alpha == 1.0)
        {
            var h = 0.0;
            foreach (var value in p)
            {
                if (value > 0)
                    h -= value * Math.Log(value);
            }
            return h;
        }
        if (double.IsPositiveInfinity(alpha))
        {
            var max = 0.0;
            foreach (var value in p)
                max = Math.Max(max, value);
            return -Math.Log(max);
        }
        var sum = 0.0;
        foreach (var value in p)
        {
            if (value > 0)
                sum += alpha == 0 ? 1.0 : Math.Pow(value, alpha);
        }
        return Math.Log(sum) / (1.0 - alpha);
    }

    /// <summary>p_i = c_i / Σ c; empty when the total is 0. Negative or non-finite counts are errors.</summary>
    public static double[] Proportions(ReadOnlySpan<double> counts)
    {
        var total = 0.0;
        foreach (var c in counts)
        {
            if (!(c >= 0) || double.IsInfinity(c))
                throw new ArgumentException($"counts must be finite and non-negative, got {c}");
            total += c;
        }
        if (total == 0)
            return [];
        var p = new double[counts.Length];
        for (var i = 0; i < p.Length; i++)
            p[i] = counts[i] / total;
        return p;
    }
}
