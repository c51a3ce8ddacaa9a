using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>ifd</c>: Instruction-Following Difficulty with a causal LM. loss_* are mean response-token losses (nats) of the
/// conditioned (prompt + response) and direct passes, ppl_* their exponentials. Variant <c>cherry</c>:
/// ifd = loss_conditioned / loss_direct; <c>superfiltering</c>: ifd = ppl_conditioned / ppl_direct. Rows the reference
/// skips are row errors naming the rule; ifd &gt; 1 is kept as a value (selectors drop it). Both passes of every row in
/// a call share length-sorted batches.
/// </summary>
public sealed class IfdScorer : IScorer
{
    private readonly IfdPlanner _planner;
    private readonly BatchedLosses _losses;
    private readonly int _maxPositions;
    private readonly Dictionary<string, string> _settings;

    public IfdScorer(IModelBackend model, IfdPlanner planner, BatchedLosses losses)
    {
        _planner = planner;
        _losses = losses;
        _maxPositions = model.MaxContext;
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["template"] = planner.Template.Name,
            ["max_length"] = Text(planner.MaxLength),
            ["prefix_tokens"] = Text(planner.PrefixTokens),
            ["boundary"] = planner.Boundary.Name(),
            ["batch_size"] = Text(losses.BatchSize),
            ["max_batch_tokens"] = Text(losses.MaxBatchTokens),
        };
        model.Provenance.AddTo(_settings);
        Variant = planner.Variant == IfdVariant.Cherry ? "cherry" : "superfiltering";
    }

    /// <summary>
    /// Parameters: model (required), variant cherry|superfiltering (default cherry), template (cherry: alpaca|wiz|vicuna,
    /// default alpaca; superfiltering: none), max_length (512 | 1024), boundary offsets|separate-prefix (default
    /// offsets), prefix_tokens (P; cherry default: token count of BOS + the direct prefix with this tokenizer;
    /// superfiltering default 1), batch_size (16), max_batch_tokens (8192).
    /// </summary>
    public static IfdScorer Create(Parameters p)
    {
        var variant = p.GetString("variant", "cherry") switch
        {
            "cherry" => IfdVariant.Cherry,
            "superfiltering" => IfdVariant.Superfiltering,
            var other => throw new ArgumentException($"ifd: parameter 'variant' is '{other}', expected cherry or superfiltering"),
        };
        var cherry = variant == IfdVariant.Cherry;
        var template = IfdTemplate.Parse(p.GetString("template", cherry ? "alpaca" : "none"));
        if (cherry == (template == IfdTemplate.None))
            throw new ArgumentException($"ifd: template '{template.Name}' does not belong to variant '{(cherry ? "cherry" : "superfiltering")}' (cherry: alpaca, wiz, vicuna; superfiltering: none)");
        var maxLength = p.GetInt("max_length", cherry ? 512 : 1024);
        var boundary = AnswerBoundaryNames.Parse(p.GetString("boundary", "offsets"));
        var prefixText = p.GetOptionalString("prefix_tokens");
        var batchSize = p.GetInt("batch_size", 16);
        var maxBatchTokens = p.GetInt("max_batch_tokens", 8192);
        if (maxLength < 2 || batchSize < 1 || maxBatchTokens < 1)
            throw new ArgumentException("ifd: max_length must be at least 2, batch_size and max_batch_tokens positive");
        var model = ModelBackends.Open(BackendOptions.Parse("ifd", p));
        BackendRequirements.Require("ifd", model, BackendCapabilities.TokenLogProbs | boundary.Needs(), "for the response tokens' log-probabilities");
        var prefixTokens = prefixText is null
            ? (cherry ? model.Tokenizer.CountTokens(template.DirectPrefix) : 1)
            : int.TryParse(prefixText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
                ? parsed
                : throw new ArgumentException($"ifd: parameter 'prefix_tokens' is '{prefixText}', expected a non-negative integer");
        var planner = new IfdPlanner(variant, template, new ResponseTokenizer(model.Tokenizer, boundary), maxLength, prefixTokens);
        return new IfdScorer(model, planner, new BatchedLosses(model, batchSize, maxBatchTokens));
    }

    public string Name => "ifd";

    public string Variant { get; }

    public IReadOnlyList<string> Fields { get; } = ["loss_conditioned", "loss_direct", "ppl_conditioned", "ppl_direct", "ifd"];

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var results = new ScoreResult[batch.Count];
        var texts = new List<ScoredText>();
        var owners = new List<int>();
        for (var r = 0; r < batch.Count; r++)
        {
            var plan = _planner.Plan(batch[r]);
            var longest = plan.Skip is null ? Math.Max(plan.Direct!.Ids.Length, plan.Conditioned!.Ids.Length) : 0;
            if (plan.Skip is not null)
                results[r] = ScoreResult.Fail("ifd: " + plan.Skip);
            else if (longest > _maxPositions)
                results[r] = ScoreResult.Fail($"ifd: {Text(longest)} tokens exceed the model's {Text(_maxPositions)} positions; lower max_length");
            else
            {
                texts.Add(plan.Direct!);
                texts.Add(plan.Conditioned!);
                owners.Add(r);
            }
        }
        var means = _losses.MeanLosses(texts, cancellationToken);
        for (var k = 0; k < owners.Count; k++)
            results[owners[k]] = Combine(means[2 * k + 1], means[2 * k]);
        return results;
    }

    private ScoreResult Combine(double conditioned, double direct)
    {
        var pplConditioned = Math.Exp(conditioned);
        var pplDirect = Math.Exp(direct);
        var ifd = _planner.Variant == IfdVariant.Cherry ? conditioned / direct : Math.Exp(conditioned - direct);
        return FiniteScores.Of(Name, Fields, conditioned, direct, pplConditioned, pplDirect, ifd);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
