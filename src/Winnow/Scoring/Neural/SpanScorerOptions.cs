using System.Globalization;
using Winnow.Backends;

namespace Winnow.Scoring.Neural;

/// <summary>
/// The parameters shared by the per-token scorers (perplexity, uncertainty): model (required), span response|text
/// (default response), template alpaca|wiz|vicuna|none (default none: "instruction\n[input\n]"), max_length (default:
/// the model's positions), boundary offsets|separate-prefix (default offsets), batch_size (16), max_batch_tokens (8192).
/// </summary>
public sealed record SpanScorerOptions(IModelBackend Model, ResponseSpan Span, int BatchSize, int MaxBatchTokens)
{
    public static SpanScorerOptions Parse(string owner, Parameters p, BackendCapabilities needs, string why)
    {
        var kind = p.GetString("span", "response") switch
        {
            "response" => SpanKind.Response,
            "text" => SpanKind.Text,
            var other => throw new ArgumentException($"{owner}: parameter 'span' is '{other}', expected response or text"),
        };
        var template = IfdTemplate.Parse(p.GetString("template", "none"));
        var boundary = AnswerBoundaryNames.Parse(p.GetString("boundary", "offsets"));
        var requestedMax = p.GetInt("max_length", 0);
        var batchSize = p.GetInt("batch_size", 16);
        var maxBatchTokens = p.GetInt("max_batch_tokens", 8192);
        if (requestedMax < 0 || batchSize < 1 || maxBatchTokens < 1)
            throw new ArgumentException($"{owner}: max_length must be non-negative (0 = the model's positions), batch_size and max_batch_tokens positive");
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
