namespace Winnow.Quality.Evaluation;

/// <summary>
/// Kendall's τ-b between two paired lists, with the tie correction τ_b = (C − D) / √((n0 − n1)(n0 − n2)), n0 =
/// n(n − 1)/2, n1 and n2 the pairs tied in the first and in the second list (scipy.stats.kendalltau's default).
/// Computed over all pairs, O(n²): graded evaluation files hold thousands of rows, not millions.
/// </summary>
public static class KendallTau
{
    public static double TauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
            throw new ArgumentException($"Kendall τ needs lists of equal length ({x.Count} vs {y.Count})");
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0;
        for (var i = 0; i < x.Count; i++)
            for (var j = i + 1; j < x.Count; j++)
            {
                pairs++;
                var dx = Math.Sign(x[i] - x[j]);
                var dy = Math.Sign(y[i] - y[j]);
                if (dx == 0)
                    tiedX++;
                if (dy == 0)
                    tiedY++;
                if (dx != 0 && dy != 0)
                {
                    if (dx == dy)
                        concordant++;
                    else
                        discordant++;
                }
            }
        var denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator > 0 ? (concordant - discordant) / denominator : double.NaN;
    }
}
