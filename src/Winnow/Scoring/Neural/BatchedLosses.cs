using Winnow.Backends;
using Winnow.Models;

namespace Winnow.Scoring.Neural;

/// <summary>
/// Mean token loss (nats) of many <see cref="ScoredText"/>s through one causal LM, in length-sorted batches so that
/// passes of different rows (direct and conditioned alike) share forward calls.
/// </summary>
public sealed class BatchedLosses(IModelBackend model, int batchSize, int maxBatchTokens)
{
    public int BatchSize { get; } = batchSize;

    public int MaxBatchTokens { get; } = maxBatchTokens;

    /// <summary>Mean of −log p over each text's scored tokens; every text must have at least one scored token.</summary>
    public double[] MeanLosses(IReadOnlyList<ScoredText> texts, CancellationToken cancellationToken)
    {
        var means = new double[texts.Count];
        foreach (var batch in Batching.LengthSortedBatches(texts.Select(t => t.Ids.Length).ToArray(), BatchSize, MaxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logProbs = model.TokenLogProbs(
                batch.Select(i => texts[i].Ids).ToArray(),
                batch.Select(i => (texts[i].From, texts[i].Ids.Length)).ToArray());
            for (var b = 0; b < batch.Length; b++)
            {
                var sum = 0.0;
                foreach (var lp in logProbs[b])
                    sum -= lp;
                means[batch[b]] = sum / logProbs[b].Length;
            }
        }
        return means;
    }
}
