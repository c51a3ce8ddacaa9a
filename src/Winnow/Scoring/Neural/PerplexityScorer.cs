using System.Collections.ObjectModel;
using Winnow.Backends;
using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>perplexity</c>: mean token loss (nats) and perplexity of the response given the prompt (span=response) or of the
/// whole prompt + response text (span=text) under a causal LM (METHODS §6.4). Fields: loss, ppl, tokens (scored count).
/// </summary>
public sealed class PerplexityScorer(SpanScorerOptions options) : IScorer
{
    private readonly BatchedLosses _losses = new(options.Model, options.BatchSize, options.MaxBatchTokens);
    private readonly Dictionary<string, string> _settings = options.Settings();

    public static PerplexityScorer Create(Parameters p) => new(SpanScorerOptions.Parse("perplexity", p, BackendCapabilities.TokenLogProbs, "for the response tokens' log-probabilities"));

    public string Name => "perplexity";

    public string Variant => "default";

    public IReadOnlyList<string> Fields { get; } = ["loss", "ppl", "tokens"];

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var (results, texts, owners) = PlannedSpans.Plan(batch, options.Span, Name);
        var means = _losses.MeanLosses(texts, cancellationToken);
        for (var k = 0; k < owners.Count; k++)
            results[owners[k]] = FiniteScores.Of(Name, Fields, means[k], Math.Exp(means[k]), texts[k].ScoredCount);
        return results;
    }
}
