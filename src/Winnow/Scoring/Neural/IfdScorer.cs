using Winnow.Text;
using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>ifd</c>: Instruction-Following Difficulty with a causal LM. loss_* are mean response-token losses (nats) of the
/// conditioned (prompt + response) and direct passes, ppl_* their exponentials. Variant <c>cherry</c>:
/// ifd = loss_conditioned / loss_direct; <c>superfiltering</c>: ifd = ppl_conditioned / ppl_direct. Rows the reference
/// skips are row errors naming the rule; ifd &gt; 1 is kept as a value (selectors drop it). Both passes of every row in
/// a call share length-sorted batches.
/// </summary>
[Component("ifd", "Instruction-Following Difficulty with a causal LM (variant cherry: ratio of mean losses, Alpaca/wiz/vicuna templates; superfiltering: ratio of perplexities, GPT-2 style)")]
[ParamGroup(typeof(BackendModelParams))]
[Param("variant", ParamType.Choice, "cherry: ratio of mean losses; superfiltering: ratio of perplexities", Default = "cherry", Values = ["cherry", "superfiltering"])]
[Param("template", ParamType.Choice, "prompt template (cherry: alpaca, wiz or vicuna; superfiltering: none)", DefaultDoc = "alpaca (cherry), none (superfiltering)", Values = ["alpaca", "wiz", "vicuna", "none"])]
[Param("max_length", ParamType.Int, "tokens per sequence", DefaultDoc = "512 (cherry), 1024 (superfiltering)", Min = 2)]
[Param("boundary", ParamType.Choice, "how the response start is found: token offsets, or tokenising the prefix separately", Default = "offsets", Values = ["offsets", "separate-prefix"])]
[Param("prefix_tokens", ParamType.Int, "tokens of the direct pass's prefix (P)", DefaultDoc = "cherry: BOS + the direct prefix with this tokenizer; superfiltering: 1", Min = 0)]
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "16", Min = 1)]
[Needs(Text = "prompt and response", Backend = Capability.TokenLogProbs, ModelParams = ["model"])]
[Produces("loss_conditioned", "loss_direct", "ppl_conditioned", "ppl_direct", "ifd")]
public sealed class IfdScorer : ITokenCountingScorer
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

    /// <summary>Builds the scorer from checked parameters; a template of the other variant is an error.</summary>
    public static IfdScorer Create(Parameters p)
    {
        var variant = p.GetString("variant") == "superfiltering" ? IfdVariant.Superfiltering : IfdVariant.Cherry;
        var cherry = variant == IfdVariant.Cherry;
        var template = IfdTemplate.Parse(p.GetOptionalString("template") ?? (cherry ? "alpaca" : "none"));
        if (cherry == (template == IfdTemplate.None))
            throw new ArgumentException($"ifd: template '{template.Name}' does not belong to variant '{(cherry ? "cherry" : "superfiltering")}' (cherry: alpaca, wiz, vicuna; superfiltering: none)");
        var maxLength = p.GetOptionalInt("max_length") ?? (cherry ? 512 : 1024);
        var boundary = AnswerBoundaryNames.Parse(p.GetString("boundary"));
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var owner = Declared.Name<IfdScorer>();
        var model = ModelBackends.Open(BackendOptions.Parse(owner, p));
        BackendRequirements.Require(owner, model, BackendCapabilities.TokenLogProbs | boundary.Needs(), "for the response tokens' log-probabilities");
        var prefixTokens = p.GetOptionalInt("prefix_tokens") ?? (cherry ? model.Tokenizer.CountTokens(template.DirectPrefix) : 1);
        var planner = new IfdPlanner(variant, template, new ResponseTokenizer(model.Tokenizer, boundary), maxLength, prefixTokens);
        return new IfdScorer(model, planner, new BatchedLosses(model, batchSize, maxBatchTokens));
    }

    public string Name => Declared.Name<IfdScorer>();

    public string Variant { get; }

    public IReadOnlyList<string> Fields => Declared.Of<IfdScorer>().Produces;

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

    /// <summary>Both passes' tokens; 0 for a row the planner refuses or that exceeds the model's positions (never run).</summary>
    public int CountTokens(Sample row)
    {
        var plan = _planner.Plan(row);
        if (plan.Skip is not null || Math.Max(plan.Direct!.Ids.Length, plan.Conditioned!.Ids.Length) > _maxPositions)
            return 0;
        return plan.Direct.Ids.Length + plan.Conditioned.Ids.Length;
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
