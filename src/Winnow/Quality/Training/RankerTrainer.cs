using Winnow.Text;

namespace Winnow.Quality.Training;

/// <summary>
/// Trains a <see cref="PairwiseRanker"/> with the logistic pairwise loss softplus(−(s_preferred − s_other)) plus
/// L2 on the weights (RankNet; Burges et al. 2005), by Adam over seeded minibatches. Gradients are written out by
/// hand (see <see cref="Gradient"/>) and checked against finite differences in the tests. After each epoch the
/// validation pairs are scored; the weights of the epoch with the best validation accuracy (lower validation loss
/// breaks ties) are kept, and training stops after <see cref="TrainerOptions.Patience"/> epochs without a better
/// one. The same inputs and seed give the same weights bit for bit.
/// </summary>
public static class RankerTrainer
{
    public static TrainingOutcome Train(IReadOnlyList<(double[] Preferred, double[] Other)> train,
        IReadOnlyList<(double[] Preferred, double[] Other)> valid, TrainerOptions options)
    {
        if (train.Count == 0 || valid.Count == 0)
            throw new ArgumentException("training needs at least one training and one validation pair");
        var inputs = train[0].Preferred.Length;
        var (center, scale) = Standardization(train, inputs);
        var random = new SeededRandom(unchecked((long)options.Seed));
        var hidden = options.Hidden;
        var weights = new double[hidden == 0 ? inputs : hidden * inputs];
        var output = new double[hidden];
        if (hidden > 0)
        {
            var spread = 1 / Math.Sqrt(inputs);
            for (var i = 0; i < weights.Length; i++)
                weights[i] = spread * random.NextGaussian();
            for (var k = 0; k < hidden; k++)
                output[k] = random.NextGaussian() / Math.Sqrt(hidden);
        }
        var ranker = new PairwiseRanker(center, scale, hidden, weights, new double[hidden], output);
        var trainZ = Standardized(ranker, train);
        var validZ = Standardized(ranker, valid);
        var adam = new Adam(ranker, options.LearningRate);
        var order = Enumerable.Range(0, train.Count).ToArray();
        PairwiseRanker? best = null;
        (double Accuracy, double Loss) bestValid = (-1, double.PositiveInfinity);
        var bestEpoch = 0;
        var epoch = 0;
        while (epoch < options.MaxEpochs && epoch - bestEpoch < options.Patience)
        {
            epoch++;
            random.Shuffle(order.AsSpan());
            foreach (var batch in order.Chunk(options.BatchSize))
                adam.Step(Gradient(ranker, batch.Select(i => trainZ[i]).ToList(), options.L2));
            var measured = Measure(ranker, validZ);
            if (measured.Accuracy > bestValid.Accuracy || (measured.Accuracy == bestValid.Accuracy && measured.Loss < bestValid.Loss))
            {
                bestValid = measured;
                bestEpoch = epoch;
                best = Copy(ranker);
            }
        }
        return new TrainingOutcome(best!, bestEpoch, epoch, Measure(best!, trainZ).Accuracy, bestValid.Accuracy, bestValid.Loss);
    }

    /// <summary>Mean and 1/std of every input over both sides of the training pairs; a constant input gets scale 0.</summary>
    private static (double[] Center, double[] Scale) Standardization(IReadOnlyList<(double[] Preferred, double[] Other)> pairs, int inputs)
    {
        var mean = new double[inputs];
        var square = new double[inputs];
        foreach (var x in pairs.SelectMany(p => new[] { p.Preferred, p.Other }))
            for (var j = 0; j < inputs; j++)
            {
                mean[j] += x[j];
                square[j] += x[j] * x[j];
            }
        var n = 2.0 * pairs.Count;
        var scale = new double[inputs];
        for (var j = 0; j < inputs; j++)
        {
            mean[j] /= n;
            var variance = Math.Max(0, square[j] / n - mean[j] * mean[j]);
            scale[j] = variance > 1e-18 ? 1 / Math.Sqrt(variance) : 0;
        }
        return (mean, scale);
    }

    private static List<(double[] Preferred, double[] Other)> Standardized(PairwiseRanker ranker, IReadOnlyList<(double[] Preferred, double[] Other)> pairs) =>
        pairs.Select(p =>
        {
            var a = new double[p.Preferred.Length];
            var b = new double[p.Other.Length];
            ranker.Standardize(p.Preferred, a);
            ranker.Standardize(p.Other, b);
            return (a, b);
        }).ToList();

    /// <summary>Pairwise accuracy (ties half) and mean logistic loss on standardised pairs.</summary>
    public static (double Accuracy, double Loss) Measure(PairwiseRanker ranker, IReadOnlyList<(double[] Preferred, double[] Other)> pairs)
    {
        double credit = 0, loss = 0;
        foreach (var (p, o) in pairs)
        {
            var margin = ranker.ScoreStandardized(p, null) - ranker.ScoreStandardized(o, null);
            credit += margin > 0 ? 1 : margin == 0 ? 0.5 : 0;
            loss += Softplus(-margin);
        }
        return (credit / pairs.Count, loss / pairs.Count);
    }

    /// <summary>
    /// Gradient of mean softplus(−m) + (L2/2)(‖W‖² + ‖w2‖²) over a batch, m = s(z_p) − s(z_o), laid out as
    /// [Weights, HiddenBias, Output]. dL/dm = −σ(−m); linear: ds/dw = z; MLP: ds/dw2_k = h_k,
    /// ds/db1_k = w2_k(1 − h_k²), ds/dW1_kj = w2_k(1 − h_k²) z_j.
    /// </summary>
    public static double[] Gradient(PairwiseRanker ranker, IReadOnlyList<(double[] Preferred, double[] Other)> batch, double l2)
    {
        var inputs = ranker.Inputs;
        var hidden = ranker.Hidden;
        var gradient = new double[ranker.Weights.Length + 2 * hidden];
        var hp = new double[hidden];
        var ho = new double[hidden];
        foreach (var (zp, zo) in batch)
        {
            var margin = ranker.ScoreStandardized(zp, hp) - ranker.ScoreStandardized(zo, ho);
            var dm = -Sigmoid(-margin) / batch.Count;
            if (hidden == 0)
            {
                for (var j = 0; j < inputs; j++)
                    gradient[j] += dm * (zp[j] - zo[j]);
                continue;
            }
            foreach (var (z, h, sign) in new[] { (zp, hp, 1.0), (zo, ho, -1.0) })
                for (var k = 0; k < hidden; k++)
                {
                    var dh = dm * sign * ranker.Output[k] * (1 - h[k] * h[k]);
                    gradient[ranker.Weights.Length + hidden + k] += dm * sign * h[k];
                    gradient[ranker.Weights.Length + k] += dh;
                    var row = gradient.AsSpan(k * inputs, inputs);
                    for (var j = 0; j < inputs; j++)
                        row[j] += dh * z[j];
                }
        }
        for (var i = 0; i < ranker.Weights.Length; i++)
            gradient[i] += l2 * ranker.Weights[i];
        for (var k = 0; k < hidden; k++)
            gradient[ranker.Weights.Length + hidden + k] += l2 * ranker.Output[k];
        return gradient;
    }

    private static PairwiseRanker Copy(PairwiseRanker r) =>
        new(r.Center, r.Scale, r.Hidden, (double[])r.Weights.Clone(), (double[])r.HiddenBias.Clone(), (double[])r.Output.Clone());

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));

    /// <summary>Adam (Kingma and Ba 2015) over the ranker's parameters in the gradient's layout.</summary>
    private sealed class Adam(PairwiseRanker ranker, double rate)
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        private readonly double[] _m = new double[ranker.Weights.Length + 2 * ranker.Hidden];
        private readonly double[] _v = new double[ranker.Weights.Length + 2 * ranker.Hidden];
        private int _t;

        public void Step(double[] gradient)
        {
            _t++;
            var correction1 = 1 - Math.Pow(Beta1, _t);
            var correction2 = 1 - Math.Pow(Beta2, _t);
            for (var i = 0; i < gradient.Length; i++)
            {
                _m[i] = Beta1 * _m[i] + (1 - Beta1) * gradient[i];
                _v[i] = Beta2 * _v[i] + (1 - Beta2) * gradient[i] * gradient[i];
                var step = rate * (_m[i] / correction1) / (Math.Sqrt(_v[i] / correction2) + Epsilon);
                var w = ranker.Weights.Length;
                if (i < w)
                    ranker.Weights[i] -= step;
                else if (i < w + ranker.Hidden)
                    ranker.HiddenBias[i - w] -= step;
                else
                    ranker.Output[i - w - ranker.Hidden] -= step;
            }
        }
    }
}
