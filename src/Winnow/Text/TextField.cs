using Winnow.Data;

namespace Winnow.Text;

/// <summary>Which text of a row a text scorer reads (parameter <c>field</c>).</summary>
public enum TextField
{
    /// <summary>The first exchange's response (default: the part a fine-tune learns to produce).</summary>
    Response,

    /// <summary>The prompt: instruction plus input (<see cref="Sample.Prompt"/>).</summary>
    Instruction,

    /// <summary>Every turn of the conversation, joined by newlines (prompt and response when there are no turns).</summary>
    Whole,
}

public static class TextFields
{
    public static TextField Parse(string value) => value switch
    {
        "response" => TextField.Response,
        "instruction" => TextField.Instruction,
        "whole" => TextField.Whole,
        _ => throw new ArgumentException($"parameter 'field' is '{value}', expected response, instruction or whole"),
    };

    public static string Name(TextField field) => field switch
    {
        TextField.Response => "response",
        TextField.Instruction => "instruction",
        _ => "whole",
    };

    public static string Select(Sample sample, TextField field) => field switch
    {
        TextField.Response => sample.Response,
        TextField.Instruction => sample.Prompt,
        _ => sample.Turns.Count > 0
            ? string.Join("\n", sample.Turns.Select(t => t.Text))
            : sample.Prompt + "\n" + sample.Response,
    };
}
