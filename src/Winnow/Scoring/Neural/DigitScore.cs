using Winnow.Backends;
using Winnow.Models;

namespace Winnow.Scoring.Neural;

/// <summary>
/// Deita's expected score (METHODS §4.1 steps 3–4): the next-token logits after a prompt, restricted to the six
/// vocabulary entries "1".."6", softmax over those six only, score = Σ k·p_k ∈ [1, 6]. The digit ids come from the
/// loaded tokenizer (Llama: 29896…, Mistral: 28740…); a tokenizer without a single-token digit cannot express the
/// scale, so construction fails. The backend gives the six log-probabilities (over the whole vocabulary); the softmax
/// over six is the same whether it starts from logits or log-probabilities.
/// </summary>
public sealed class DigitScore
{
    private readonly IModelBackend _model;

    public DigitScore(IModelBackend model, string owner)
    {
        _model = model;
        var tokenizer = model.Tokenizer;
        DigitIds = Enumerable.Range(1, 6)
            .Select(k => tokenizer.TokenToId(k.ToString(System.Globalization.CultureInfo.InvariantCulture))
                ?? throw new ArgumentException($"{owner}: the tokenizer has no single token for the digit \"{k}\"; Deita's 1–6 scale needs one per digit"))
            .ToArray();
    }

    public int[] DigitIds { get; }

    /// <summary>Scores every prompt (length-sorted batches); a prompt longer than the model's context is an error entry.</summary>
    public (double Score, string? Error)[] Score(IReadOnlyList<string> prompts, int batchSize, int maxBatchTokens, CancellationToken cancellationToken)
    {
        var ids = prompts.Select(p => _model.Tokenizer.Encode(p, addSpecialTokens: true, int.MaxValue).Ids).ToArray();
        var results = new (double, string?)[prompts.Count];
        var fitting = Enumerable.Range(0, ids.Length).Where(i => ids[i].Length <= _model.MaxContext).ToArray();
        foreach (var i in Enumerable.Range(0, ids.Length).Except(fitting))
            results[i] = (double.NaN, $"prompt has {ids[i].Length} tokens, more than the model's {_model.MaxContext} positions");
        foreach (var batch in Batching.LengthSortedBatches(fitting.Select(i => ids[i].Length).ToArray(), batchSize, maxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = batch.Select(b => fitting[b]).ToArray();
            var logProbs = _model.ChosenLogProbs(rows.Select(r => ids[r]).ToArray(), rows.Select(r => new[] { ids[r].Length - 1 }).ToArray(), DigitIds);
            for (var k = 0; k < rows.Length; k++)
            {
                var score = Expected(logProbs[k]);
                results[rows[k]] = double.IsFinite(score)
                    ? (score, null)
                    : (double.NaN, $"the model produced non-finite digit log-probabilities ({string.Join(", ", logProbs[k].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}); its weights or logits are broken (NaN/Inf)");
            }
        }
        return results;
    }

    /// <summary>Σ k·p_k with p the softmax over the six digits' log-probabilities (in DigitIds order).</summary>
    private static double Expected(double[] logProbs)
    {
        var max = logProbs.Max();
        var weights = logProbs.Select(lp => Math.Exp(lp - max)).ToArray();
        var total = weights.Sum();
        return weights.Select((w, k) => (k + 1) * w).Sum() / total;
    }
}
