using System.Collections.ObjectModel;
using Winnow.Backends;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>perplexity</c>: mean token loss (nats) and perplexity of the response given the prompt (span=response) or of the
/// whole prompt + response text (span=text) under a causal LM (METHODS §6.4). Fields: loss, ppl, tokens (scored count).
/// </summary>
[Component("perplexity", "mean token loss and perplexity of the response given the prompt (span=response) or of the whole text (span=text) under a causal LM")]
[ParamGroup(typeof(BackendModelParams))]
[ParamGroup(typeof(SpanScorerOptions))]
[Needs(Text = "prompt and response", Backend = Capability.TokenLogProbs, ModelParams = ["model"])]
[Produces("loss", "ppl", "tokens")]
public sealed class PerplexityScorer(SpanScorerOptions options) : ITokenCountingScorer
{
    private readonly BatchedLosses _losses = new(options.Model, options.BatchSize, options.MaxBatchTokens);
    private readonly Dictionary<string, string> _settings = options.Settings();

    public static PerplexityScorer Create(Parameters p) => new(SpanScorerOptions.Parse(Declared.Name<PerplexityScorer>(), p, BackendCapabilities.TokenLogProbs, "for the response tokens' log-probabilities"));

    public string Name => Declared.Name<PerplexityScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields => Declared.Of<PerplexityScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    /// <summary>The span's tokens; 0 for a row whose span cannot be scored (never run).</summary>
    public int CountTokens(Sample row) => options.Span.Plan(row).Text?.Ids.Length ?? 0;

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var (results, texts, owners) = PlannedSpans.Plan(batch, options.Span, Name);
        var means = _losses.MeanLosses(texts, cancellationToken);
        for (var k = 0; k < owners.Count; k++)
            results[owners[k]] = FiniteScores.Of(Name, Fields, means[k], Math.Exp(means[k]), texts[k].ScoredCount);
        return results;
    }
}
