using Winnow.Models.Compute;
using Winnow.Tensors;

namespace Winnow.Models.Training.Encoders;

/// <summary>What follows a dense layer of a head.</summary>
internal enum DenseActivation
{
    None,
    Tanh,
    Relu,
    Sigmoid,
}

/// <summary>
/// A chain of nn.Linear layers, each followed by its activation, run over a batch of row vectors, with its backward:
/// the shape of the pooler (dense → tanh), the RoBERTa classification head (dense → tanh → out_proj), COMET's
/// feed-forward estimator and SCAR's relation and output networks. Dropout is the identity (training here is
/// deterministic). The forward keeps each layer's input and activated output for the backward.
/// </summary>
internal sealed class DenseStack
{
    private readonly (string Name, LinearLayer Layer, DenseActivation Activation)[] _layers;
    private readonly float[][] _inputs;
    private readonly float[][] _outputs;
    private float[] _delta = [], _next = [];
    private int _rows;

    public DenseStack(IEnumerable<(string Name, LinearLayer Layer, DenseActivation Activation)> layers)
    {
        _layers = layers.ToArray();
        if (_layers.Length == 0)
            throw new ArgumentException("a dense stack needs at least one layer");
        for (var k = 1; k < _layers.Length; k++)
        {
            if (_layers[k].Layer.In != _layers[k - 1].Layer.Out)
                throw new ArgumentException($"{_layers[k].Name}: input {_layers[k].Layer.In} does not match {_layers[k - 1].Name}'s output {_layers[k - 1].Layer.Out}");
        }
        _inputs = new float[_layers.Length][];
        _outputs = new float[_layers.Length][];
        Array.Fill(_inputs, []);
        Array.Fill(_outputs, []);
        Parameters = _layers.SelectMany(l => TrainingLinear.Tensors(l.Name, l.Layer)).ToList();
    }

    public int In => _layers[0].Layer.In;

    public int Out => _layers[^1].Layer.Out;

    public IReadOnlyList<TrainableTensor> Parameters { get; }

    /// <summary>y [rows × Out] for x [rows × In]; the returned span stays valid until the next Forward.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int rows)
    {
        _rows = rows;
        var input = x[..(rows * In)];
        for (var k = 0; k < _layers.Length; k++)
        {
            var (_, layer, activation) = _layers[k];
            EncoderActivations.Grow(ref _inputs[k], rows * layer.In);
            EncoderActivations.Grow(ref _outputs[k], rows * layer.Out);
            input.CopyTo(_inputs[k]);
            var y = _outputs[k].AsSpan(0, rows * layer.Out);
            TrainingLinear.Forward(_inputs[k], rows, layer, y);
            switch (activation)
            {
                case DenseActivation.Tanh:
                    System.Numerics.Tensors.TensorPrimitives.Tanh(y, y);
                    break;
                case DenseActivation.Sigmoid:
                    System.Numerics.Tensors.TensorPrimitives.Sigmoid(y, y);
                    break;
                case DenseActivation.Relu:
                    System.Numerics.Tensors.TensorPrimitives.Max(y, 0f, y);
                    break;
            }
            input = y;
        }
        return _outputs[^1].AsSpan(0, rows * Out);
    }

    /// <summary>
    /// Given dL/dy of the last Forward, adds every layer's weight and bias gradients and writes dL/dx into
    /// <paramref name="dx"/> (overwrites; pass an empty span to skip it).
    /// </summary>
    public void Backward(ReadOnlySpan<float> dy, Gradients g, Span<float> dx)
    {
        var rows = _rows;
        var widest = _layers.Max(l => Math.Max(l.Layer.In, l.Layer.Out));
        EncoderActivations.Grow(ref _delta, rows * widest);
        EncoderActivations.Grow(ref _next, rows * widest);
        dy[..(rows * Out)].CopyTo(_delta);
        for (var k = _layers.Length - 1; k >= 0; k--)
        {
            var (_, layer, activation) = _layers[k];
            var delta = _delta.AsSpan(0, rows * layer.Out);
            var y = _outputs[k].AsSpan(0, rows * layer.Out);
            switch (activation)
            {
                case DenseActivation.Tanh:
                    KernelsBackward.Tanh(y, delta, delta);
                    break;
                case DenseActivation.Sigmoid:
                    KernelsBackward.Sigmoid(y, delta, delta);
                    break;
                case DenseActivation.Relu:
                    KernelsBackward.Relu(y, delta, delta);
                    break;
            }
            var target = k > 0 ? _next.AsSpan(0, rows * layer.In) : dx;
            TrainingLinear.Backward(_inputs[k], delta, rows, layer, g, target);
            if (k > 0)
                (_delta, _next) = (_next, _delta);
        }
    }

    /// <summary>A fresh layer initialised as torch.nn.Linear: weight and bias uniform in ±1/√in, from a seeded generator.</summary>
    public static LinearLayer NewLinear(int inFeatures, int outFeatures, SeededRandom random)
    {
        var bound = 1 / Math.Sqrt(inFeatures);
        float Draw() => (float)((2 * random.NextDouble() - 1) * bound);
        var weight = new float[inFeatures * outFeatures];
        for (var i = 0; i < weight.Length; i++)
            weight[i] = Draw();
        var bias = new float[outFeatures];
        for (var i = 0; i < bias.Length; i++)
            bias[i] = Draw();
        return new LinearLayer(weight, bias, inFeatures, outFeatures, weightIsOutByIn: true);
    }
}
