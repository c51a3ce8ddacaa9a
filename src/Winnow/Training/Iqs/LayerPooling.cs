using System.Numerics.Tensors;
using Winnow.Models.Training.Encoders;

namespace Winnow.Training.Iqs;

/// <summary>
/// CaR's pooling of every hidden state of a row, as <see cref="Scoring.Neural.Car.IqsModel"/> scores: average over
/// the tokens whose id is not the pad id, divided by the row's length (COMET divides by the attention-mask count),
/// or the first token (cls). Pooling is linear, so pooling each layer and then mixing equals mixing then pooling.
/// Features of a row: [(L + 1) × hidden], layer-major.
/// </summary>
internal static class LayerPooling
{
    /// <summary>Pools one row's hidden state [tokens × d] into <paramref name="output"/> [d].</summary>
    public static void Pool(ReadOnlySpan<float> states, ReadOnlySpan<int> ids, int d, bool average, int padId, Span<float> output)
    {
        if (!average)
        {
            states[..d].CopyTo(output);
            return;
        }
        output.Clear();
        for (var t = 0; t < ids.Length; t++)
        {
            if (ids[t] != padId)
                TensorPrimitives.Add(output, states.Slice(t * d, d), output);
        }
        TensorPrimitives.Multiply(output, 1f / ids.Length, output);
    }

    /// <summary>Features [rows × (L + 1) × d] of the encoder's last forward.</summary>
    public static void Pool(TrainableEncoder encoder, bool average, int padId, float[] features)
    {
        var batch = encoder.Batch;
        var d = encoder.Spec.Hidden;
        var layers = encoder.Spec.Layers + 1;
        for (var k = 0; k < layers; k++)
        {
            var hidden = encoder.Hidden(k);
            for (var r = 0; r < batch.Rows; r++)
            {
                var start = batch.RowStarts[r];
                Pool(hidden.Slice(start * d, batch.Length(r) * d), batch.Ids.AsSpan(start, batch.Length(r)), d, average, padId, features.AsSpan((r * layers + k) * d, d));
            }
        }
    }

    /// <summary>Adds dL/d(features) back onto the encoder's hidden-state gradients.</summary>
    public static void Backward(TrainableEncoder encoder, bool average, int padId, ReadOnlySpan<float> dFeatures)
    {
        var batch = encoder.Batch;
        var d = encoder.Spec.Hidden;
        var layers = encoder.Spec.Layers + 1;
        for (var k = 0; k < layers; k++)
        {
            var dHidden = encoder.HiddenGradient(k);
            for (var r = 0; r < batch.Rows; r++)
            {
                var dRow = dFeatures.Slice((r * layers + k) * d, d);
                var start = batch.RowStarts[r];
                if (!average)
                {
                    var first = dHidden.Slice(start * d, d);
                    TensorPrimitives.Add(first, dRow, first);
                    continue;
                }
                var share = 1f / batch.Length(r);
                for (var t = 0; t < batch.Length(r); t++)
                {
                    if (batch.Ids[start + t] == padId)
                        continue;
                    var token = dHidden.Slice((start + t) * d, d);
                    TensorPrimitives.MultiplyAdd(dRow, share, token, token);
                }
            }
        }
    }
}
