using System.Globalization;

namespace Winnow.Components;

/// <summary>One declared parameter, read from its <see cref="ParamAttribute"/>: checks a given text against type, range and allowed values.</summary>
public sealed record ParamSpec(string Name, ParamType Type, string Doc, string? Default, string? DefaultDoc, bool Required, double Min, double Max, bool MinExclusive, bool MaxExclusive, IReadOnlyList<string> Values)
{
    public static ParamSpec From(ParamAttribute a) =>
        new(a.Name, a.Type, a.Doc, a.Default, a.DefaultDoc, a.Required, a.Min, a.Max, a.MinExclusive, a.MaxExclusive, a.Values ?? []);

    /// <summary>What a valid value looks like, e.g. "an integer ≥ 1", "a number in (0, 1)", "cherry or superfiltering".</summary>
    public string Expectation => Type switch
    {
        ParamType.Int => "an integer" + RangeText(),
        ParamType.Number => "a number" + RangeText(),
        ParamType.Bool => "true or false",
        ParamType.Choice => Values.Count == 1 ? Values[0] : string.Join(", ", Values.Take(Values.Count - 1)) + " or " + Values[^1],
        ParamType.Column => "a score column (scorer.field)",
        ParamType.Path => "a path",
        ParamType.NumberList => "comma-separated numbers" + RangeText(),
        _ => "text",
    };

    /// <summary>Null when <paramref name="text"/> is a valid value, else the expectation it misses.</summary>
    public string? Check(string text)
    {
        switch (Type)
        {
            case ParamType.Int:
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) && InRange(whole) ? null : Expectation;
            case ParamType.Number:
                return TryNumber(text, out var number) && InRange(number) ? null : Expectation;
            case ParamType.Bool:
                return TryBool(text, out _) ? null : Expectation;
            case ParamType.Choice:
                return Values.Contains(text, StringComparer.Ordinal) ? null : Expectation;
            case ParamType.NumberList:
                return text.Split(',').All(part => TryNumber(part.Trim(), out var item) && InRange(item)) ? null : Expectation;
            case ParamType.Column or ParamType.Path:
                return text.Length > 0 ? null : Expectation;
            default:
                return null;
        }
    }

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

    public static bool TryBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                value = true;
                return true;
            case "false" or "0" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>The range as written in docs and errors: " in (0, 1]", " ≥ 1", or "" when unbounded.</summary>
    public string RangeText()
    {
        var hasMin = !double.IsNaN(Min);
        var hasMax = !double.IsNaN(Max);
        if (hasMin && hasMax)
            return $" in {(MinExclusive ? "(" : "[")}{Format(Min)}, {Format(Max)}{(MaxExclusive ? ")" : "]")}";
        if (hasMin)
            return $" {(MinExclusive ? ">" : "≥")} {Format(Min)}";
        return hasMax ? $" {(MaxExclusive ? "<" : "≤")} {Format(Max)}" : "";
    }

    private bool InRange(double value) =>
        (double.IsNaN(Min) || (MinExclusive ? value > Min : value >= Min))
        && (double.IsNaN(Max) || (MaxExclusive ? value < Max : value <= Max));

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
