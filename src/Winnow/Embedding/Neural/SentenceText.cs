using Winnow.Data;

namespace Winnow.Embedding.Neural;

/// <summary>
/// Which text of a row the sentence embedder reads (Superfiltering.D's <c>emb_type</c>, METHODS §2.3): whole =
/// instruction, input (when present) and response on their own lines; instruction = instruction and input; response;
/// car = CaR's "Instruction: … Input: … Response: …" string (METHODS §3.1, embedded for its clustering step).
/// </summary>
public enum SentenceText
{
    Whole,
    Instruction,
    Response,
    Car,
}

public static class SentenceTexts
{
    public static SentenceText Parse(string owner, string text) => text switch
    {
        "whole" => SentenceText.Whole,
        "instruction" => SentenceText.Instruction,
        "response" => SentenceText.Response,
        "car" => SentenceText.Car,
        _ => throw new ArgumentException($"{owner}: parameter 'text' is '{text}', expected whole, instruction, response or car"),
    };

    public static string Name(this SentenceText text) => text.ToString().ToLowerInvariant();

    public static string Of(this SentenceText kind, Sample s)
    {
        var instruction = s.Input.Length == 0 ? s.Instruction : s.Instruction + "\n" + s.Input;
        return kind switch
        {
            SentenceText.Whole => instruction + "\n" + s.Response,
            SentenceText.Instruction => instruction,
            SentenceText.Response => s.Response,
            _ => Scoring.Neural.Car.CarIqsScorer.Text(s),
        };
    }
}
