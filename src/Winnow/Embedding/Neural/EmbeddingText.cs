using Winnow.Data;

namespace Winnow.Embedding.Neural;

/// <summary>
/// Which text of a row the sentence embedder reads (Superfiltering.D's <c>emb_type</c>, METHODS §2.3): whole =
/// instruction, input (when present) and response on their own lines; instruction = instruction and input; response.
/// </summary>
public enum EmbeddingText
{
    Whole,
    Instruction,
    Response,
}

public static class EmbeddingTexts
{
    public static EmbeddingText Parse(string owner, string text) => text switch
    {
        "whole" => EmbeddingText.Whole,
        "instruction" => EmbeddingText.Instruction,
        "response" => EmbeddingText.Response,
        _ => throw new ArgumentException($"{owner}: parameter 'text' is '{text}', expected whole, instruction or response"),
    };

    public static string Name(this EmbeddingText text) => text.ToString().ToLowerInvariant();

    public static string Of(this EmbeddingText kind, Sample s)
    {
        var instruction = s.Input.Length == 0 ? s.Instruction : s.Instruction + "\n" + s.Input;
        return kind switch
        {
            EmbeddingText.Whole => instruction + "\n" + s.Response,
            EmbeddingText.Instruction => instruction,
            _ => s.Response,
        };
    }
}
