using Winnow.Models;

namespace Winnow.Scoring.Neural.Car;

/// <summary>
/// COMET's FeedForward estimator: Linear → activation → Dropout per hidden size, then Linear → 1 with no final
/// activation. In the state dict the linears sit at <c>estimator.ff.{0, 3, 6, …}</c> (each block is three modules).
/// Dropout is the identity at inference.
/// </summary>
public sealed class FeedForwardHead
{
    private readonly (float[] Weight, float[] Bias, int In, int Out)[] _layers;
    private readonly Func<double, double> _activation;

    public FeedForwardHead(IWeightSource weights, int inputSize, int[] hiddenSizes, string activation)
    {
        var sizes = new[] { inputSize }.Concat(hiddenSizes).Append(1).ToArray();
        _layers = new (float[], float[], int, int)[sizes.Length - 1];
        for (var k = 0; k < _layers.Length; k++)
        {
            var name = $"estimator.ff.{3 * k}";
            _layers[k] = (weights.Load(name + ".weight", sizes[k + 1], sizes[k]), weights.Load(name + ".bias", sizes[k + 1]), sizes[k], sizes[k + 1]);
        }
        _activation = activation switch
        {
            "Tanh" => Math.Tanh,
            "ReLU" => x => Math.Max(x, 0),
            _ => x => 1 / (1 + Math.Exp(-x)),
        };
    }

    public double Forward(double[] input)
    {
        var x = input;
        for (var k = 0; k < _layers.Length; k++)
        {
            var (w, b, n, m) = _layers[k];
            var y = new double[m];
            for (var o = 0; o < m; o++)
            {
                double sum = b[o];
                for (var i = 0; i < n; i++)
                    sum += w[o * n + i] * x[i];
                y[o] = k < _layers.Length - 1 ? _activation(sum) : sum;
            }
            x = y;
        }
        return x[0];
    }
}
