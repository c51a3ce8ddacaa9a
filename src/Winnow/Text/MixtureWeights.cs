namespace Winnow.Text;

/// <summary>
/// Maximum-likelihood weights of a fixed mixture Σ_j λ_j p_j(w), by EM over observed tokens: the E-step gives each
/// component its posterior share λ_j p_j / Σ_k λ_k p_k of every token, the M-step sets λ_j to the mean share. The
/// log-likelihood never decreases, and starting from equal weights the result is deterministic.
/// </summary>
public static class MixtureWeights
{
    /// <param name="probabilities">One row per token: each component's probability of that token.</param>
    public static double[] Fit(IReadOnlyList<double[]> probabilities, int components, int iterations = 50)
    {
        var lambdas = Enumerable.Repeat(1.0 / components, components).ToArray();
        if (probabilities.Count == 0)
            return lambdas;
        var shares = new double[components];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Array.Clear(shares);
            foreach (var p in probabilities)
            {
                double total = 0;
                for (var j = 0; j < components; j++)
                    total += lambdas[j] * p[j];
                if (total <= 0)
                    continue;
                for (var j = 0; j < components; j++)
                    shares[j] += lambdas[j] * p[j] / total;
            }
            var sum = shares.Sum();
            for (var j = 0; j < components; j++)
                lambdas[j] = shares[j] / sum;
        }
        return lambdas;
    }
}
