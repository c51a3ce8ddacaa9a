using Winnow.Models;
using Winnow.Tokenizers;

namespace Winnow.Scoring.Neural;

/// <summary>
/// Deita's expected score (METHODS §4.1 steps 3–4): the next-token logits after a prompt, restricted to the six
/// vocabulary entries "1".."6", softmax over those six only, score = Σ k·p_k ∈ [1, 6]. The digit ids come from the
/// loaded tokenizer (Llama: 29896…, Mistral: 28740…); a tokenizer without a single-token digit cannot express the
/// scale, so construction fails.
/// </summary>
public sealed class DigitScore
{
    private readonly ICausalLanguageModel _model;
    private readonly Tokenizer _tokenizer;

    public DigitScore(ICausalLanguageModel model, Tokenizer tokenizer, string owner)
    {
        _model = model;
        _tokenizer = tokenizer;
        DigitIds = Enumerable.Range(1, 6)
            .Select(k => tokenizer.TokenToId(k.ToString(System.Globalization.CultureInfo.InvariantCulture))
                ?? throw new ArgumentException($"{owner}: the tokenizer has no single token for the digit \"{k}\"; Deita's 1–6 scale needs one per digit"))
            .ToArray();
    }

    public int[] DigitIds { get; }

    /// <summary>Scores every prompt (length-sorted batches); a prompt longer than the model's context is an error entry.</summary>
    public (double Score, string? Error)[] Score(IReadOnlyList<string> prompts, int batchSize, int maxBatchTokens, CancellationToken cancellationToken)
    {
        var ids = prompts.Select(p => _tokenizer.Encode(p).Ids).ToArray();
        var results = new (double, string?)[prompts.Count];
        var fitting = Enumerable.Range(0, ids.Length).Where(i => ids[i].Length <= _model.MaxPositions).ToArray();
        foreach (var i in Enumerable.Range(0, ids.Length).Except(fitting))
            results[i] = (double.NaN, $"prompt has {ids[i].Length} tokens, more than the model's {_model.MaxPositions} positions");
        foreach (var batch in Batching.LengthSortedBatches(fitting.Select(i => ids[i].Length).ToArray(), batchSize, maxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = batch.Select(b => fitting[b]).ToArray();
            var logits = _model.Logits(rows.Select(r => ids[r]).ToArray(), rows.Select(r => new[] { ids[r].Length - 1 }).ToArray());
            for (var k = 0; k < rows.Length; k++)
                results[rows[k]] = (Expected(logits[k]), null);
        }
        return results;
    }

    private double Expected(float[] logits)
    {
        var max = DigitIds.Max(id => (double)logits[id]);
        var weights = DigitIds.Select(id => Math.Exp(logits[id] - max)).ToArray();
        var total = weights.Sum();
        return weights.Select((w, k) => (k + 1) * w).Sum() / total;
    }
}
