using Winnow.Text;
using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>Which tokens of "prompt + response" a per-token scorer reads.</summary>
public enum SpanKind
{
    /// <summary>The response tokens only, with the prompt as context.</summary>
    Response,

    /// <summary>Every token of prompt + response but the first (which has no context).</summary>
    Text,
}

/// <summary>
/// Tokenises a row as template prompt + response (truncated to max_length, first ids kept) and marks the tokens to
/// score, or says why none is left.
/// </summary>
public sealed class ResponseSpan(IfdTemplate template, ResponseTokenizer tokens, int maxLength, SpanKind kind)
{
    public IfdTemplate Template { get; } = template;

    public ResponseTokenizer Tokens { get; } = tokens;

    public int MaxLength { get; } = maxLength;

    public SpanKind Kind { get; } = kind;

    public (ScoredText? Text, string? Skip) Plan(Sample sample)
    {
        if (Kind == SpanKind.Response && sample.Response.Length == 0)
            return (null, "empty response: nothing to score");
        var scored = Tokens.Tokenize(Template.Prompt(sample.Instruction, sample.Input), sample.Response, MaxLength);
        if (Kind == SpanKind.Text)
            scored = scored with { Start = 0 };
        return scored.ScoredCount > 0
            ? (scored, null)
            : (null, $"no token left to score after truncation to max_length {MaxLength}");
    }
}
