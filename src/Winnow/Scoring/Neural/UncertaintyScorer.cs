using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Components;
using Winnow.Data;
using Winnow.Models;

namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>uncertainty</c>: the causal LM's predictive uncertainty over the scored tokens (the response by default), from
/// the full log-softmax at each predicting position. Fields: mean_entropy (nats), least_confidence (mean 1 − max p),
/// mean_margin and min_margin (p(top1) − p(top2)). Rows are batched so that one batch holds at most
/// max_batch_positions vocabulary rows (each is vocab × 4 bytes), bounding memory.
/// </summary>
[Component("uncertainty", "causal-LM predictive uncertainty over the response: mean token entropy, least confidence, mean and min top-1/top-2 margin")]
[ParamGroup(typeof(BackendModelParams))]
[ParamGroup(typeof(SpanScorerOptions))]
[Param("max_batch_positions", ParamType.Int, "predicting positions whose full log-softmax is held at once", Default = "512", Min = 1)]
[Needs(Text = "prompt and response", Backend = Capability.NextTokenLogProbs, ModelParams = ["model"])]
[Produces("mean_entropy", "least_confidence", "mean_margin", "min_margin")]
public sealed class UncertaintyScorer : ITokenCountingScorer
{
    private readonly SpanScorerOptions _options;
    private readonly int _maxBatchPositions;
    private readonly Dictionary<string, string> _settings;

    public UncertaintyScorer(SpanScorerOptions options, int maxBatchPositions)
    {
        _options = options;
        _maxBatchPositions = maxBatchPositions;
        _settings = options.Settings();
        _settings["max_batch_positions"] = maxBatchPositions.ToString(CultureInfo.InvariantCulture);
    }

    public static UncertaintyScorer Create(Parameters p)
    {
        var maxBatchPositions = p.GetInt("max_batch_positions");
        return new UncertaintyScorer(SpanScorerOptions.Parse(Declared.Name<UncertaintyScorer>(), p, BackendCapabilities.FullDistribution, "for the entropy and margins of the whole next-token distribution"), maxBatchPositions);
    }

    public string Name => Declared.Name<UncertaintyScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields => Declared.Of<UncertaintyScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    /// <summary>The span's tokens; 0 for a row whose span cannot be scored (never run).</summary>
    public int CountTokens(Sample row) => _options.Span.Plan(row).Text?.Ids.Length ?? 0;

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var (results, texts, owners) = PlannedSpans.Plan(batch, _options.Span, Name);
        var model = _options.Model;
        var scored = texts.Select(t => t.ScoredCount).ToArray();
        foreach (var group in Batching.LengthSortedBatches(scored, _options.BatchSize, _maxBatchPositions))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Position i − 1 predicts token i, so the scored tokens [From, T) are read at positions [From − 1, T − 1).
            var logProbs = model.LogSoftmax(
                group.Select(k => texts[k].Ids).ToArray(),
                group.Select(k => Enumerable.Range(texts[k].From - 1, texts[k].ScoredCount).ToArray()).ToArray());
            for (var g = 0; g < group.Length; g++)
            {
                var stats = new TokenUncertainty();
                for (var j = 0; j < scored[group[g]]; j++)
                    stats.Add(logProbs[g].AsSpan(j * model.VocabSize, model.VocabSize));
                results[owners[group[g]]] = FiniteScores.Of(Name, Fields, stats.Values());
            }
        }
        return results;
    }
}
