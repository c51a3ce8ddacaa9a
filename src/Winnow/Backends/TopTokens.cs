namespace Winnow.Backends;

/// <summary>Top-k selection and log-sum-exp over one logits row (shared by the in-process backends).</summary>
public static class TopTokens
{
    /// <summary>log Σ exp(logits), accumulated in double after subtracting the maximum.</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (var x in logits)
            max = Math.Max(max, x);
        double sum = 0;
        foreach (var x in logits)
            sum += Math.Exp(x - max);
        return max + Math.Log(sum);
    }

    /// <summary>The <paramref name="k"/> largest logits as log-probabilities (logit − <paramref name="logSumExp"/>), largest first, ties by lower id.</summary>
    public static TopToken[] Of(ReadOnlySpan<float> logits, int k, float logSumExp)
    {
        k = Math.Min(k, logits.Length);
        var best = new List<int>(k + 1);
        for (var id = 0; id < logits.Length; id++)
        {
            if (best.Count == k && logits[id] <= logits[best[^1]])
                continue;
            var at = best.Count;
            while (at > 0 && logits[best[at - 1]] < logits[id])
                at--;
            best.Insert(at, id);
            if (best.Count > k)
                best.RemoveAt(k);
        }
        var result = new TopToken[best.Count];
        for (var i = 0; i < best.Count; i++)
            result[i] = new TopToken(best[i], (double)logits[best[i]] - logSumExp);
        return result;
    }
}
