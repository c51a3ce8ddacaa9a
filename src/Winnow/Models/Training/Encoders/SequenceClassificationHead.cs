using Winnow.Models.Compute;

namespace Winnow.Models.Training.Encoders;

/// <summary>
/// The trainable head of a sequence-classification / regression checkpoint, on the first token's last hidden
/// state, as <see cref="SequenceClassifier"/> runs it: RoBERTa/XLM-R <c>classifier.dense</c> → tanh →
/// <c>classifier.out_proj</c>, or BERT <c>bert.pooler.dense</c> → tanh → <c>classifier</c>. Tensor names are the
/// checkpoint's (the BERT pooler's gradient is the encoder's pooler.dense one: the same array).
/// </summary>
internal static class SequenceClassificationHead
{
    public static DenseStack Load(IWeightSource weights, TrainableEncoder encoder, int labels)
    {
        var d = encoder.Spec.Hidden;
        LinearLayer Linear(string name, int inFeatures, int outFeatures) =>
            new(weights.Load(name + ".weight", outFeatures, inFeatures), weights.Load(name + ".bias", outFeatures), inFeatures, outFeatures, weightIsOutByIn: true);
        if (weights.Contains("classifier.out_proj.weight"))
            return new DenseStack([("classifier.dense", Linear("classifier.dense", d, d), DenseActivation.Tanh), ("classifier.out_proj", Linear("classifier.out_proj", d, labels), DenseActivation.None)]);
        if (weights.Contains("classifier.weight"))
        {
            var pooler = encoder.Weights.Pooler ?? throw new ModelFormatException($"{weights.Name}: a BERT classifier needs the pooler (bert.pooler.dense)");
            return new DenseStack([("bert.pooler.dense", pooler, DenseActivation.Tanh), ("classifier", Linear("classifier", d, labels), DenseActivation.None)]);
        }
        throw new ModelFormatException($"{weights.Name}: no classification head (classifier.out_proj.* or classifier.*) in the weights");
    }
}
