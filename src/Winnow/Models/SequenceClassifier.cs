using System.Numerics.Tensors;
using Winnow.Models.Compute;
using Winnow.Models.Encoders;

namespace Winnow.Models;

/// <summary>
/// An encoder with a sequence-classification / regression head, as transformers'
/// <c>XLMRobertaForSequenceClassification</c> / <c>RobertaForSequenceClassification</c> (classifier.dense → tanh →
/// classifier.out_proj on the first token's state) or <c>BertForSequenceClassification</c> (pooler → classifier).
/// Logits are returned raw: no sigmoid or softmax, as the reference models' scores are defined.
/// </summary>
public sealed class SequenceClassifier
{
    private readonly EncoderModel _encoder;
    private readonly Func<float[], float[]> _head;

    private SequenceClassifier(EncoderModel encoder, int labels, Func<float[], float[]> head)
    {
        _encoder = encoder;
        Labels = labels;
        _head = head;
    }

    /// <summary>Number of outputs (config.json's id2label size or num_labels).</summary>
    public int Labels { get; }

    public IEncoderModel Encoder => _encoder;

    public static SequenceClassifier Load(string modelDirectory, ModelOptions? options = null)
    {
        using var dir = ModelDirectory.Open(modelDirectory);
        return Load(dir.Config, dir, options);
    }

    public static SequenceClassifier Load(ModelConfig config, IWeightSource weights, ModelOptions? options = null)
    {
        var encoder = Models.Encoder.LoadModel(config, weights, options);
        var d = encoder.HiddenSize;
        var kernels = encoder.Kernels;
        // transformers derives num_labels from id2label when present; 2 is its default.
        var labels = config.ObjectSize("id2label") ?? config.Int("num_labels", 2);
        if (weights.Contains("classifier.out_proj.weight"))
        {
            var dense = new LinearLayer(weights.Load("classifier.dense.weight", d, d), weights.Load("classifier.dense.bias", d), d, d, true);
            var outProj = new LinearLayer(weights.Load("classifier.out_proj.weight", labels, d), weights.Load("classifier.out_proj.bias", labels), d, labels, true);
            return new SequenceClassifier(encoder, labels, first =>
            {
                var hidden = new float[d];
                kernels.Linear(first, 1, dense, hidden);
                TensorPrimitives.Tanh(hidden, hidden);
                var logits = new float[labels];
                kernels.Linear(hidden, 1, outProj, logits);
                return logits;
            });
        }
        if (weights.Contains("classifier.weight"))
        {
            var classifier = new LinearLayer(weights.Load("classifier.weight", labels, d), weights.Load("classifier.bias", labels), d, labels, true);
            var pooler = new LinearLayer(weights.Load("bert.pooler.dense.weight", d, d), weights.Load("bert.pooler.dense.bias", d), d, d, true);
            return new SequenceClassifier(encoder, labels, first =>
            {
                var pooled = new float[d];
                kernels.Linear(first, 1, pooler, pooled);
                TensorPrimitives.Tanh(pooled, pooled);
                var logits = new float[labels];
                kernels.Linear(pooled, 1, classifier, logits);
                return logits;
            });
        }
        throw new ModelFormatException($"{weights.Name}: no classification head (classifier.out_proj.* or classifier.*) in the weights");
    }

    /// <summary>Row r: the head's raw logits [Labels].</summary>
    public float[][] Logits(IReadOnlyList<int[]> batchIds) => _encoder.FirstTokenHead(batchIds, _head);

    /// <summary>Row r: the single regression output (num_labels = 1), e.g. a quality score.</summary>
    public float[] Scores(IReadOnlyList<int[]> batchIds)
    {
        if (Labels != 1)
            throw new InvalidOperationException($"Scores needs a single-output head; this one has {Labels} labels (use Logits)");
        return Logits(batchIds).Select(l => l[0]).ToArray();
    }
}
