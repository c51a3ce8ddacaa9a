using Winnow.Text;
using System.Globalization;
using Winnow.Backends;
using Winnow.Components;

namespace Winnow.Scoring.Neural;

/// <summary>
/// The parameters shared by the per-token scorers (perplexity, uncertainty), declared on this type and included by
/// theirs; a max_length beyond the model's positions is an error.
/// </summary>
[Param("span", ParamType.Choice, "score the response given the prompt, or the whole prompt + response text", Default = "response", Values = ["response", "text"])]
[Param("template", ParamType.Choice, "prompt template; none: \"instruction\\n[input\\n]\"", Default = "none", Values = ["alpaca", "wiz", "vicuna", "none"])]
[Param("max_length", ParamType.Int, "tokens per sequence; 0: the model's positions", Default = "0", Min = 0)]
[Param("boundary", ParamType.Choice, "how the response start is found: token offsets, or tokenising the prefix separately", Default = "offsets", Values = ["offsets", "separate-prefix"])]
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "16", Min = 1)]
public sealed record SpanScorerOptions(IModelBackend Model, ResponseSpan Span, int BatchSize, int MaxBatchTokens)
{
    public static SpanScorerOptions Parse(string owner, Parameters p, BackendCapabilities needs, string why)
    {
        var kind = p.GetString("span") == "text" ? SpanKind.Text : SpanKind.Response;
        var template = IfdTemplate.Parse(p.GetString("template"));
        var boundary = AnswerBoundaryNames.Parse(p.GetString("boundary"));
        var requestedMax = p.GetInt("max_length");
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var model = ModelBackends.Open(BackendOptions.Parse(owner, p));
        BackendRequirements.Require(owner, model, needs | boundary.Needs(), why);
        if (requestedMax > model.MaxContext)
            throw new ArgumentException($"{owner}: max_length {requestedMax} exceeds the model's {model.MaxContext} positions");
        var maxLength = requestedMax == 0 ? model.MaxContext : requestedMax;
        var span = new ResponseSpan(template, new ResponseTokenizer(model.Tokenizer, boundary), maxLength, kind);
        return new SpanScorerOptions(model, span, batchSize, maxBatchTokens);
    }

    /// <summary>Provenance settings of these options.</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["span"] = Span.Kind == SpanKind.Response ? "response" : "text",
            ["template"] = Span.Template.Name,
            ["max_length"] = Span.MaxLength.ToString(CultureInfo.InvariantCulture),
            ["boundary"] = Span.Tokens.Boundary.Name(),
            ["batch_size"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["max_batch_tokens"] = MaxBatchTokens.ToString(CultureInfo.InvariantCulture),
        };
        Model.Provenance.AddTo(settings);
        return settings;
    }
}
