using System.Globalization;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Filters;

/// <summary>
/// <c>language-check</c>: SCAR's ASCII-letter language check (METHODS §5.3). A row stays when both its instruction
/// and its response are more than <c>min_share</c> ASCII letters [a-zA-Z] among all their characters; otherwise it is
/// set aside as <c>language</c>.
/// </summary>
[Component("language-check", "SCAR's language check: keeps rows whose instruction and response are both more than min_share ASCII letters")]
[Param("min_share", ParamType.Number, "share of ASCII letters among all characters that instruction and response must both exceed", Default = "0.7", Min = 0, Max = 1, MaxExclusive = true)]
[Needs(Text = "instruction and response")]
public sealed class LanguageCheckFilter(double minShare) : IStreamingRowFilter
{
    public static LanguageCheckFilter Create(Parameters p) => new(p.GetDouble("min_share"));

    public string Name => Declared.Name<LanguageCheckFilter>();

    /// <summary>The decision code of the rows it sets aside.</summary>
    public const string DecisionCode = "language";

    public string Code => DecisionCode;

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["min_share"] = minShare.ToString("R", CultureInfo.InvariantCulture) };

    public string Describe() => $"sets aside rows whose instruction or response is at most {minShare:P0} ASCII letters";

    /// <summary>Share of ASCII letters among all characters of <paramref name="text"/> (0 for an empty text).</summary>
    public static double AsciiLetterShare(string text)
    {
        if (text.Length == 0)
            return 0;
        var letters = text.Count(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z');
        return (double)letters / text.Length;
    }

    public bool ChecksRowAlone => true;

    public string? Check(Sample row)
    {
        var instruction = AsciiLetterShare(row.Instruction);
        var response = AsciiLetterShare(row.Response);
        if (instruction > minShare && response > minShare)
            return null;
        return $"ASCII letters make {instruction:P0} of the instruction and {response:P0} of the response; both must exceed {minShare:P0}";
    }
}
