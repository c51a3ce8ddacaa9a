using Winnow.Models.Training;
using Winnow.Models.Training.Encoders;

namespace Winnow.Training.Iqs;

/// <summary>
/// CaR's whole IQS model for training: the encoder's hidden states (embedding output and every layer), pooled
/// (<see cref="LayerPooling"/>), mixed and estimated (<see cref="IqsHead"/>), with the backward through all of it.
/// Loss: squared error of the score against the row's target (MSE, as COMET's regression metric trains).
/// </summary>
internal sealed class IqsNetwork(TrainableEncoder encoder, IqsHead head, bool averagePooling, int padId)
{
    private float[] _features = [], _dFeatures = [], _dScores = [];

    public TrainableEncoder Encoder => encoder;

    public IqsHead Head => head;

    public bool AveragePooling => averagePooling;

    public int PadId => padId;

    public IReadOnlyList<TrainableTensor> Parameters => [.. encoder.Parameters, .. head.Parameters];

    /// <summary>Pooled features [rows × (L + 1) × hidden] of rows of ids, through the training forward.</summary>
    public float[] Features(IReadOnlyList<int[]> rows)
    {
        encoder.Forward(rows);
        var size = rows.Count * head.HiddenStates * head.Hidden;
        EncoderActivations.Grow(ref _features, size);
        LayerPooling.Pool(encoder, averagePooling, padId, _features);
        return _features;
    }

    /// <summary>
    /// Forward and backward of Σ_r (score_r − target_r)² · <paramref name="scale"/> (1 / rows gives the mean); adds
    /// the gradients of the head, and of the encoder unless it is frozen. Returns the unscaled sum of squared errors.
    /// </summary>
    public double SquaredErrorBackward(IReadOnlyList<int[]> rows, IReadOnlyList<float> targets, float scale, Gradients g, bool trainEncoder)
    {
        var features = Features(rows);
        return HeadSquaredErrorBackward(features, rows.Count, targets, scale, g, trainEncoder);
    }

    /// <summary>The head's part of <see cref="SquaredErrorBackward"/> on given features (a frozen encoder's, cached).</summary>
    public double HeadSquaredErrorBackward(ReadOnlySpan<float> features, int rows, IReadOnlyList<float> targets, float scale, Gradients g, bool trainEncoder)
    {
        var scores = head.Forward(features, rows);
        EncoderActivations.Grow(ref _dScores, rows);
        double sum = 0;
        for (var r = 0; r < rows; r++)
        {
            var error = scores[r] - targets[r];
            sum += (double)error * error;
            _dScores[r] = 2 * scale * error;
        }
        var size = rows * head.HiddenStates * head.Hidden;
        EncoderActivations.Grow(ref _dFeatures, size);
        head.Backward(_dScores.AsSpan(0, rows), g, trainEncoder ? _dFeatures.AsSpan(0, size) : [], features);
        if (trainEncoder)
        {
            LayerPooling.Backward(encoder, averagePooling, padId, _dFeatures.AsSpan(0, size));
            encoder.Backward(g);
        }
        return sum;
    }
}
