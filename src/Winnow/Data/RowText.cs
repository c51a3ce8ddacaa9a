namespace Winnow.Data;

/// <summary>
/// The texts of a row that components read: one vocabulary, each name meaning the same text in every component. A
/// component's <c>text</c> parameter takes these names (<see cref="RowTextNames"/>); each component lists the ones it
/// supports.
/// </summary>
public enum RowText
{
    /// <summary><c>prompt</c>: the instruction, and the input after a blank line when there is one (<see cref="Sample.Prompt"/>).</summary>
    Prompt,

    /// <summary><c>response</c>: the first exchange's response.</summary>
    Response,

    /// <summary><c>exchange</c>: the first exchange, prompt + "\n" + response.</summary>
    Exchange,

    /// <summary><c>conversation</c>: every turn's text in order (system, user, assistant) joined by "\n"; prompt + "\n" + response for a row without turns.</summary>
    Conversation,

    /// <summary><c>instruction-lines</c>: the instruction, and the input on the next line when present (Superfiltering.D's emb_type "instruction").</summary>
    InstructionLines,

    /// <summary><c>lines</c>: instruction, input when present, and response, each on its own line (Superfiltering.D's emb_type "whole").</summary>
    Lines,

    /// <summary><c>car</c>: CaR's "Instruction: … Input: … Response: …" string (METHODS §3.1), which its IQS model and clustering read.</summary>
    Car,
}

/// <summary>The parameter value of each <see cref="RowText"/>, as constants so declarations can list them.</summary>
public static class RowTextNames
{
    public const string Prompt = "prompt";
    public const string Response = "response";
    public const string Exchange = "exchange";
    public const string Conversation = "conversation";
    public const string InstructionLines = "instruction-lines";
    public const string Lines = "lines";
    public const string Car = "car";
}

public static class RowTexts
{
    private static readonly (RowText Text, string Name)[] Names =
    [
        (RowText.Prompt, RowTextNames.Prompt),
        (RowText.Response, RowTextNames.Response),
        (RowText.Exchange, RowTextNames.Exchange),
        (RowText.Conversation, RowTextNames.Conversation),
        (RowText.InstructionLines, RowTextNames.InstructionLines),
        (RowText.Lines, RowTextNames.Lines),
        (RowText.Car, RowTextNames.Car),
    ];

    public static string Name(this RowText text) => Names.First(n => n.Text == text).Name;

    /// <summary>The text named <paramref name="name"/>; the component's declaration has already checked it is one it supports.</summary>
    public static RowText Parse(string name) =>
        Names.FirstOrDefault(n => n.Name == name) is { Name: not null } found
            ? found.Text
            : throw new ArgumentException($"text '{name}' is not one of {string.Join(", ", Names.Select(n => n.Name))}");

    /// <summary>The text of <paramref name="row"/> that <paramref name="text"/> names.</summary>
    public static string Of(this RowText text, Sample row) => text switch
    {
        RowText.Prompt => row.Prompt,
        RowText.Response => row.Response,
        RowText.Exchange => row.Prompt + "\n" + row.Response,
        RowText.Conversation => row.Turns.Count > 0 ? string.Join("\n", row.Turns.Select(t => t.Text)) : row.Prompt + "\n" + row.Response,
        RowText.InstructionLines => InstructionLines(row),
        RowText.Lines => InstructionLines(row) + "\n" + row.Response,
        RowText.Car => "Instruction: " + row.Instruction + " Input: " + row.Input + " Response: " + row.Response,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, null),
    };

    private static string InstructionLines(Sample row) => row.Input.Length == 0 ? row.Instruction : row.Instruction + "\n" + row.Input;
}
