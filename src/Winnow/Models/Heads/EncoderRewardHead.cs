using Winnow.Models;

namespace Winnow.Models.Heads;

/// <summary>An encoder <c>*ForSequenceClassification</c> head (BERT, RoBERTa, XLM-R) through <see cref="SequenceClassifier"/>.</summary>
public sealed class EncoderRewardHead(SequenceClassifier classifier) : IRewardHead
{
    public int Labels => classifier.Labels;

    public int MaxTokens => classifier.Encoder.MaxTokens;

    public float[][] Logits(IReadOnlyList<int[]> rows) => classifier.Logits(rows);
}
