using Winnow.Backends;

namespace Winnow.Scoring.Neural;

/// <summary>How the first response token of a tokenised text is found (METHODS §1.4 step 5).</summary>
public enum AnswerBoundary
{
    /// <summary>
    /// One tokenisation of the whole text; the response starts at the first non-special token whose start offset is at
    /// or after the response's first character. A token straddling the boundary counts as prompt.
    /// </summary>
    Offsets,

    /// <summary>
    /// The reference rule: the text before the response is tokenised on its own (special tokens included) and its token
    /// count is the boundary. It can be off by one token where the joint tokenisation merges across the boundary.
    /// </summary>
    SeparatePrefix,
}

internal static class AnswerBoundaryNames
{
    public static AnswerBoundary Parse(string text) => text switch
    {
        "offsets" => AnswerBoundary.Offsets,
        "separate-prefix" => AnswerBoundary.SeparatePrefix,
        _ => throw new ArgumentException($"parameter 'boundary' is '{text}', expected offsets or separate-prefix"),
    };

    /// <summary>Offsets need a tokenizer that reports character spans.</summary>
    public static BackendCapabilities Needs(this AnswerBoundary boundary) =>
        boundary == AnswerBoundary.Offsets ? BackendCapabilities.TokenOffsets : BackendCapabilities.None;

    public static string Name(this AnswerBoundary boundary) => boundary == AnswerBoundary.Offsets ? "offsets" : "separate-prefix";
}
