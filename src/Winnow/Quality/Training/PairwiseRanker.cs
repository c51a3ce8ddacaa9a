namespace Winnow.Quality.Training;

/// <summary>
/// A scoring function trained on preference pairs: inputs standardised as z = (x − center) · scale, then either a
/// linear score w·z (<see cref="Hidden"/> = 0) or a one-hidden-layer MLP w2·tanh(W1 z + b1). Only differences of
/// scores are trained, so the score has no bias and its zero is arbitrary; what matters is the order it gives.
/// </summary>
public sealed class PairwiseRanker
{
    public PairwiseRanker(double[] center, double[] scale, int hidden, double[] weights, double[] hiddenBias, double[] output)
    {
        Center = center;
        Scale = scale;
        Hidden = hidden;
        Weights = weights;
        HiddenBias = hiddenBias;
        Output = output;
        var expected = hidden == 0 ? center.Length : hidden * center.Length;
        if (scale.Length != center.Length || weights.Length != expected || hiddenBias.Length != hidden || output.Length != hidden)
            throw new InvalidDataException($"ranker weights do not fit {center.Length} inputs and {hidden} hidden units");
    }

    public int Inputs => Center.Length;

    public double[] Center { get; }

    public double[] Scale { get; }

    /// <summary>Hidden units; 0 for a linear ranker.</summary>
    public int Hidden { get; }

    /// <summary>Linear: w (one per input). MLP: W1 row-major, Hidden × Inputs.</summary>
    public double[] Weights { get; }

    public double[] HiddenBias { get; }

    public double[] Output { get; }

    public void Standardize(ReadOnlySpan<double> x, Span<double> z)
    {
        for (var j = 0; j < x.Length; j++)
            z[j] = (x[j] - Center[j]) * Scale[j];
    }

    public double Score(ReadOnlySpan<double> x)
    {
        var z = new double[x.Length];
        Standardize(x, z);
        return ScoreStandardized(z, null);
    }

    /// <summary>Score of standardised inputs; fills <paramref name="hiddenOut"/> with tanh activations when given (for gradients).</summary>
    public double ScoreStandardized(ReadOnlySpan<double> z, double[]? hiddenOut)
    {
        if (Hidden == 0)
            return Dot(Weights, z);
        var score = 0.0;
        for (var k = 0; k < Hidden; k++)
        {
            var h = Math.Tanh(Dot(Weights.AsSpan(k * Inputs, Inputs), z) + HiddenBias[k]);
            if (hiddenOut is not null)
                hiddenOut[k] = h;
            score += Output[k] * h;
        }
        return score;
    }

    /// <summary>
    /// Importance of each input for a linear ranker: |w_j| · scale_j⁻¹·std = |w_j| on standardised inputs, i.e. the
    /// score change for one standard deviation of the feature. For an MLP, Σ_k |w2_k| · |W1_kj|.
    /// </summary>
    public double[] Importances()
    {
        if (Hidden == 0)
            return Weights.Select(Math.Abs).ToArray();
        var result = new double[Inputs];
        for (var k = 0; k < Hidden; k++)
            for (var j = 0; j < Inputs; j++)
                result[j] += Math.Abs(Output[k] * Weights[k * Inputs + j]);
        return result;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
