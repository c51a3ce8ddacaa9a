namespace Winnow.Scoring.Neural;

/// <summary>
/// Accumulates the predictive-distribution statistics of METHODS §6.4 over positions: entropy −Σ p log p, least
/// confidence 1 − max p, margin p(top1) − p(top2). Inputs are log-softmax rows; sums run in double. A NaN input makes
/// the mean entropy NaN, so that a broken model is reported rather than averaged away.
/// </summary>
public sealed class TokenUncertainty
{
    private double _entropy;
    private double _leastConfidence;
    private double _margin;
    private double _minMargin = double.PositiveInfinity;

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<float> logProbs)
    {
        double entropy = 0, best = double.NegativeInfinity, second = double.NegativeInfinity;
        foreach (var lp in logProbs)
        {
            // NaN compares false everywhere below and would vanish from every statistic: carry it into the entropy.
            if (float.IsNaN(lp))
                entropy = double.NaN;
            if (lp > float.NegativeInfinity)
                entropy -= Math.Exp(lp) * lp;
            if (lp > best)
            {
                second = best;
                best = lp;
            }
            else if (lp > second)
                second = lp;
        }
        var margin = Math.Exp(best) - Math.Exp(second);
        _entropy += entropy;
        _leastConfidence += 1 - Math.Exp(best);
        _margin += margin;
        _minMargin = Math.Min(_minMargin, margin);
        Count++;
    }

    /// <summary>mean entropy, mean least confidence, mean margin, min margin.</summary>
    public double[] Values() => [_entropy / Count, _leastConfidence / Count, _margin / Count, _minMargin];
}
