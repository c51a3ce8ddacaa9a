using System.Globalization;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Scoring.Lexical;

/// <summary>
/// What the lexical scorers share: one registry name per metric family (each declared by its own small class) so
/// that a text too short for one metric (HD-D: N &lt; 42, vocd-D: N ≤ 50, Simpson: N &lt; 2) is a row error for that
/// metric alone; every one takes <c>text</c>.
/// </summary>
[Param("text", ParamType.Choice, "which text of the row is measured", Default = RowTextNames.Response, Values = [RowTextNames.Response, RowTextNames.Prompt, RowTextNames.Conversation])]
public static class LexicalScorers
{
    /// <summary>A lexical scorer named and with fields as the declaration behind <paramref name="p"/> says.</summary>
    public static LexicalScorer Build(Parameters p, int minTokens, IReadOnlyDictionary<string, string> settings, Func<LexicalText, double[]> compute)
    {
        var declaration = p.Component ?? throw new InvalidOperationException("lexical scorers are built from checked parameters");
        return new(declaration.Name, declaration.Produces, RowTexts.Parse(p.GetString("text")), minTokens, settings, compute);
    }

    public static Dictionary<string, string> NoSettings() => new(StringComparer.Ordinal);

    public static Dictionary<string, string> OneSetting(string key, IFormattable value) =>
        new(StringComparer.Ordinal) { [key] = value.ToString(null, CultureInfo.InvariantCulture) };
}
