namespace Winnow.Text;

/// <summary>
/// The prompt templates of Cherry-LLM and Superfiltering, byte-exact (METHODS §1.2, §2.1). The conditioned text is
/// always prompt + response with nothing in between; the direct text is <see cref="DirectPrefix"/> + response.
/// </summary>
public sealed class IfdTemplate
{
    private const string AlpacaWithInput = "Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\n{0}\n\n### Input:\n{1}\n\n### Response:";
    private const string AlpacaNoInput = "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n{0}\n\n### Response:";
    private const string VicunaSystem = "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions. ";

    private IfdTemplate(string name, string directPrefix, Func<string, string, string> prompt)
    {
        Name = name;
        DirectPrefix = directPrefix;
        _prompt = prompt;
    }

    private readonly Func<string, string, string> _prompt;

    public string Name { get; }

    /// <summary>Text put before the response in the direct pass ("### Response:", "ASSISTANT:", or nothing).</summary>
    public string DirectPrefix { get; }

    /// <summary>Cherry <c>alpaca</c>: the Stanford Alpaca template with or without the <c>### Input:</c> block.</summary>
    public static IfdTemplate Alpaca { get; } = new("alpaca", "### Response:",
        (instruction, input) => input.Length == 0 ? string.Format(AlpacaNoInput, instruction) : string.Format(AlpacaWithInput, instruction, input));

    /// <summary>Cherry <c>wiz</c> as in <c>data_analysis.py</c>: "Input:" without a space when an input is present.</summary>
    public static IfdTemplate Wiz { get; } = new("wiz", "### Response:",
        (instruction, input) => input.Length == 0 ? instruction + "\n\n### Response:" : instruction + "\nInput:" + input + "\n\n### Response:");

    /// <summary>Cherry <c>vicuna</c> (<c>data_analysis_vic.py</c>).</summary>
    public static IfdTemplate Vicuna { get; } = new("vicuna", "ASSISTANT:",
        (instruction, input) => VicunaSystem + "USER: " + instruction + (input.Length == 0 ? "" : "\nInput:\n" + input) + " ASSISTANT:");

    /// <summary>Superfiltering's <c>none</c>: instruction and input on their own lines; the direct text is the bare response.</summary>
    public static IfdTemplate None { get; } = new("none", "",
        (instruction, input) => input.Length == 0 ? instruction + "\n" : instruction + "\n" + input + "\n");

    public static IfdTemplate Parse(string name) => name switch
    {
        "alpaca" => Alpaca,
        "wiz" => Wiz,
        "vicuna" => Vicuna,
        "none" => None,
        _ => throw new ArgumentException($"ifd: parameter 'template' is '{name}', expected alpaca, wiz, vicuna or none"),
    };

    public string Prompt(string instruction, string input) => _prompt(instruction, input);
}
