using Winnow.Models.Training;
using Winnow.Models.Training.Encoders;
using Winnow.Scoring.Neural.Car;
using Winnow.Tensors;

namespace Winnow.Training.Iqs;

/// <summary>
/// The trainable part of CaR's IQS model above the encoder (METHODS §3.2): COMET's LayerwiseAttention without
/// layer norm — weights w = sparsemax(s) or softmax(s) of one scalar per hidden state, mixed = γ·Σ_l w_l·h_l — on
/// pooled features, then the FeedForward estimator (Linear → activation per hidden size, Linear → 1, no final
/// activation; dropout off). Tensor names are the COMET state dict's: <c>layerwise_attention.scalar_parameters.{l}</c>
/// ([1] each), <c>layerwise_attention.gamma</c>, <c>estimator.ff.{3k}.weight/bias</c>.
/// </summary>
internal sealed class IqsHead
{
    private float[] _mixed = [], _raw = [], _dMixed = [];
    private double[] _weights = [];
    private int _rows;

    public IqsHead(float[] scalars, float gamma, bool sparsemax, DenseStack estimator)
    {
        if (estimator.Out != 1)
            throw new ArgumentException($"the estimator must end in one output, not {estimator.Out}");
        Scalars = scalars;
        Gamma = [gamma];
        Sparsemax = sparsemax;
        Estimator = estimator;
        Hidden = estimator.In;
        var list = new List<TrainableTensor>();
        for (var l = 0; l < scalars.Length; l++)
            list.Add(new TrainableTensor($"layerwise_attention.scalar_parameters.{l}", [1], scalars, l, 1));
        list.Add(new TrainableTensor("layerwise_attention.gamma", [1], Gamma, 0, 1));
        list.AddRange(estimator.Parameters);
        Parameters = list;
    }

    /// <summary>A fresh head as COMET initialises it: scalars 0, γ = 1, estimator layers as torch.nn.Linear (seeded).</summary>
    public static IqsHead Create(int hiddenStates, int hidden, int[] hiddenSizes, string activation, bool sparsemax, int seed)
    {
        var random = new SeededRandom(seed);
        var sizes = new[] { hidden }.Concat(hiddenSizes).Append(1).ToArray();
        var act = ParseActivation(activation);
        var layers = Enumerable.Range(0, sizes.Length - 1)
            .Select(k => ($"estimator.ff.{3 * k}", DenseStack.NewLinear(sizes[k], sizes[k + 1], random), k < sizes.Length - 2 ? act : DenseActivation.None))
            .ToList();
        return new IqsHead(new float[hiddenStates], 1f, sparsemax, new DenseStack(layers));
    }

    public static DenseActivation ParseActivation(string name) => name switch
    {
        "Tanh" => DenseActivation.Tanh,
        "ReLU" => DenseActivation.Relu,
        "Sigmoid" => DenseActivation.Sigmoid,
        _ => throw new ArgumentException($"activation '{name}' is not one of Tanh, ReLU, Sigmoid (COMET's names)"),
    };

    public float[] Scalars { get; }

    public float[] Gamma { get; }

    public bool Sparsemax { get; }

    public DenseStack Estimator { get; }

    public int Hidden { get; }

    public int HiddenStates => Scalars.Length;

    public IReadOnlyList<TrainableTensor> Parameters { get; }

    /// <summary>Scores [rows] of features [rows × HiddenStates × Hidden]; valid until the next Forward.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> features, int rows)
    {
        _rows = rows;
        var d = Hidden;
        _weights = Sparsemax ? LayerMix.Sparsemax(Scalars) : LayerMix.Softmax(Scalars);
        EncoderActivations.Grow(ref _raw, rows * d);
        EncoderActivations.Grow(ref _mixed, rows * d);
        for (var r = 0; r < rows; r++)
        {
            var raw = _raw.AsSpan(r * d, d);
            raw.Clear();
            for (var l = 0; l < HiddenStates; l++)
            {
                if (_weights[l] != 0)
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(features.Slice((r * HiddenStates + l) * d, d), (float)_weights[l], raw, raw);
            }
            System.Numerics.Tensors.TensorPrimitives.Multiply(raw, Gamma[0], _mixed.AsSpan(r * d, d));
        }
        return Estimator.Forward(_mixed, rows);
    }

    /// <summary>Adds the head's gradients for dL/d(scores); writes dL/d(features) unless <paramref name="dFeatures"/> is empty.</summary>
    public void Backward(ReadOnlySpan<float> dScores, Gradients g, Span<float> dFeatures, ReadOnlySpan<float> features)
    {
        var rows = _rows;
        var d = Hidden;
        EncoderActivations.Grow(ref _dMixed, rows * d);
        var dMixed = _dMixed.AsSpan(0, rows * d);
        Estimator.Backward(dScores, g, dMixed);
        // mixed = γ·raw, raw = Σ_l w_l·f_l: dγ = Σ dMixed·raw; dw_l = γ·Σ dMixed·f_l; df_l = γ·w_l·dMixed.
        g.Of(Gamma)[0] += System.Numerics.Tensors.TensorPrimitives.Dot(dMixed, _raw.AsSpan(0, rows * d));
        var dWeights = new double[HiddenStates];
        for (var r = 0; r < rows; r++)
        {
            var dRow = dMixed.Slice(r * d, d);
            for (var l = 0; l < HiddenStates; l++)
            {
                var f = features.Slice((r * HiddenStates + l) * d, d);
                dWeights[l] += Gamma[0] * (double)System.Numerics.Tensors.TensorPrimitives.Dot(dRow, f);
                if (!dFeatures.IsEmpty)
                    System.Numerics.Tensors.TensorPrimitives.Multiply(dRow, (float)(Gamma[0] * _weights[l]), dFeatures.Slice((r * HiddenStates + l) * d, d));
            }
        }
        var dScalars = new double[HiddenStates];
        if (Sparsemax)
            KernelsBackward.Sparsemax(_weights, dWeights, dScalars);
        else
            KernelsBackward.Softmax(_weights, dWeights, dScalars);
        var target = g.Of(Scalars);
        for (var l = 0; l < HiddenStates; l++)
            target[l] += (float)dScalars[l];
    }
}
