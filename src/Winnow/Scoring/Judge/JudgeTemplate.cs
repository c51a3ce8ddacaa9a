using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Winnow.Scoring.Judge;

/// <summary>
/// What a judge is asked and how its score is found: an optional system message, the user message, the score scale
/// [<see cref="Min"/>, <see cref="Max"/>], and a pattern with a group named <c>score</c> that must match the reply.
/// Built-in templates are named (<see cref="BuiltIn"/>); others are YAML files (<see cref="JudgeTemplateFile"/>).
/// </summary>
public sealed record JudgeTemplate(string Name, TemplateText? System, TemplateText User, double Min, double Max, Regex Pattern)
{
    /// <summary>
    /// The default score pattern: the reply starts (after blank space) with the number alone on its line, optionally
    /// labelled "Score:"; "4.5", "Score: 4" pass, "4.5/5" or "I would rate it 4" do not (they are row errors that
    /// quote the reply, never a guess).
    /// </summary>
    public const string FirstLinePattern = @"\A\s*(?:(?i:score)\s*[:=]\s*)?(?<score>[0-9]+(?:\.[0-9]+)?)[ \t]*(?:\r?\n|\z)";

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>alpagasus</c>: the accuracy rating prompt of AlpaGasus (Chen et al., ICLR 2024, the rating prompt figure),
    /// a 0–5 scale with the score on the reply's first line and an explanation after it.
    /// </summary>
    public static readonly JudgeTemplate AlpaGasus = new(
        "alpagasus",
        TemplateText.Parse("We would like to request your feedback on the performance of AI assistant in response to the instruction and the given input displayed following."),
        TemplateText.Parse("""
            Instruction: {instruction}
            Input: {input}
            Response: {response}

            Please rate according to the accuracy of the response to the instruction and the input. Each assistant receives a score on a scale of 0 to 5, where a higher score indicates higher level of the accuracy. Please first output a single line containing the value indicating the scores. In the subsequent line, please provide a comprehensive explanation of your evaluation, avoiding any potential bias.
            """),
        0,
        5,
        new Regex(FirstLinePattern, RegexOptions.CultureInvariant, MatchTimeout));

    public static IReadOnlyList<JudgeTemplate> BuiltIn { get; } = [AlpaGasus];

    /// <summary>A built-in template by name, else the YAML file at <paramref name="nameOrPath"/>.</summary>
    public static JudgeTemplate Resolve(string nameOrPath) =>
        BuiltIn.FirstOrDefault(t => t.Name == nameOrPath)
        ?? (File.Exists(nameOrPath)
            ? JudgeTemplateFile.Load(nameOrPath)
            : throw new ArgumentException($"llm-judge: template '{nameOrPath}' is neither a built-in template ({string.Join(", ", BuiltIn.Select(t => t.Name))}) nor an existing template file"));

    /// <summary>Whether every score of the scale is one digit, which reading by log-probabilities needs (one token per score).</summary>
    public bool HasDigitScale => Min >= 0 && Max <= 9 && Min == Math.Floor(Min) && Max == Math.Floor(Max);

    /// <summary>SHA-256 of everything that shapes the request and the reading, so a changed template file never resumes an old run.</summary>
    public string Hash()
    {
        var text = string.Join("\u0000", System?.Source ?? "", User.Source, Min.ToString("R", CultureInfo.InvariantCulture), Max.ToString("R", CultureInfo.InvariantCulture), Pattern.ToString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
