using Winnow.Models;

namespace Winnow.Scoring.Neural.Car;

/// <summary>
/// CaR's Instruction Quality Scoring model (COMET <c>instruction_metric</c>, METHODS §3.2): an XLM-R encoder's
/// hidden states (embedding output + every layer) mixed by <see cref="LayerMix"/>, average-pooled over the tokens
/// that are not the pad id (divided by the row length, as COMET divides by the attention-mask count), then the
/// <see cref="FeedForwardHead"/>. Weights: the Lightning state dict as one safetensors file (encoder under
/// <c>encoder.model.</c>), with the encoder's config.json and the hparams.yaml beside it.
/// </summary>
public sealed class IqsModel
{
    private IqsModel(IEncoderModel encoder, LayerMix mix, FeedForwardHead head, bool averagePooling, int padId)
    {
        Encoder = encoder;
        Mix = mix;
        Head = head;
        AveragePooling = averagePooling;
        PadId = padId;
    }

    public IEncoderModel Encoder { get; }

    public LayerMix Mix { get; }

    public FeedForwardHead Head { get; }

    public bool AveragePooling { get; }

    public int PadId { get; }

    public static IqsModel Load(ModelConfig config, IWeightSource weights, IqsHparams hparams, int padId)
    {
        var encoder = Models.Encoder.Load(config, new WeightPrefix(weights, "encoder.model."));
        var tensors = encoder.LayerCount + 1;
        var scalars = new float[tensors];
        for (var l = 0; l < tensors; l++)
            scalars[l] = weights.Load($"layerwise_attention.scalar_parameters.{l}", 1)[0];
        var gamma = weights.Load("layerwise_attention.gamma", 1)[0];
        var head = new FeedForwardHead(weights, encoder.HiddenSize, hparams.HiddenSizes, hparams.Activation);
        return new IqsModel(encoder, new LayerMix(scalars, gamma, hparams.Sparsemax), head, hparams.AveragePooling, padId);
    }

    /// <summary>One score per row of token ids (with &lt;s&gt; … &lt;/s&gt;).</summary>
    public double[] Score(IReadOnlyList<int[]> rows)
    {
        var hidden = Encoder.AllHiddenStates(rows);
        var d = Encoder.HiddenSize;
        var scores = new double[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var mixed = Mix.Mix(hidden[r]);
            var pooled = new double[d];
            if (AveragePooling)
            {
                var ids = rows[r];
                for (var t = 0; t < ids.Length; t++)
                {
                    if (ids[t] == PadId)
                        continue;
                    for (var i = 0; i < d; i++)
                        pooled[i] += mixed[t * d + i];
                }
                for (var i = 0; i < d; i++)
                    pooled[i] /= ids.Length;
            }
            else
                Array.Copy(mixed, pooled, d);
            scores[r] = Head.Forward(pooled);
        }
        return scores;
    }
}
