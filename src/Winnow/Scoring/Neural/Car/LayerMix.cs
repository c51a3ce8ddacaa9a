namespace Winnow.Scoring.Neural.Car;

/// <summary>
/// COMET's LayerwiseAttention without layer norm (METHODS §3.2): one scalar per hidden-state tensor, normalised by
/// sparsemax or softmax, the weighted sum scaled by gamma.
/// </summary>
public sealed class LayerMix
{
    public LayerMix(float[] scalars, float gamma, bool sparsemax)
    {
        Weights = sparsemax ? Sparsemax(scalars) : Softmax(scalars);
        Gamma = gamma;
    }

    public double[] Weights { get; }

    public float Gamma { get; }

    /// <summary>gamma · Σ_l w_l · layers[l], each layer [T × d] row-major.</summary>
    public double[] Mix(float[][] layers)
    {
        var mixed = new double[layers[0].Length];
        for (var l = 0; l < layers.Length; l++)
        {
            var w = Weights[l];
            if (w == 0)
                continue;
            for (var i = 0; i < mixed.Length; i++)
                mixed[i] += w * layers[l][i];
        }
        for (var i = 0; i < mixed.Length; i++)
            mixed[i] *= Gamma;
        return mixed;
    }

    /// <summary>Euclidean projection onto the simplex (Martins &amp; Astudillo 2016): p_i = max(z_i − τ, 0).</summary>
    public static double[] Sparsemax(float[] z)
    {
        var sorted = z.Select(v => (double)v).OrderDescending().ToArray();
        double cumulative = 0, tauSum = 0;
        var support = 0;
        for (var k = 1; k <= sorted.Length; k++)
        {
            cumulative += sorted[k - 1];
            if (1 + k * sorted[k - 1] > cumulative)
            {
                support = k;
                tauSum = cumulative;
            }
        }
        var tau = (tauSum - 1) / support;
        return z.Select(v => Math.Max(v - tau, 0)).ToArray();
    }

    public static double[] Softmax(float[] z)
    {
        var max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
