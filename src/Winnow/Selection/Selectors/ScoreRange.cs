using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary>
/// An interval of accepted score values given as data (bounds plus inclusive flags), so that "IFD ≤ 1",
/// "IFD &lt; 1" and "0.9 &lt; IFD &lt; 1" are configurations, not code. NaN is never inside. Its parameters are declared
/// here (and, with the <c>prefilter_</c> prefix, on <see cref="CandidateFilter"/>).
/// </summary>
[Param("min", ParamType.Number, "lower bound of the accepted scores", Default = "-Infinity")]
[Param("max", ParamType.Number, "upper bound of the accepted scores", Default = "Infinity")]
[Param("min_inclusive", ParamType.Bool, "whether a score equal to min is inside", Default = "true")]
[Param("max_inclusive", ParamType.Bool, "whether a score equal to max is inside", Default = "true")]
public readonly record struct ScoreRange(double Min, double Max, bool MinInclusive, bool MaxInclusive)
{
    public static ScoreRange All { get; } = new(double.NegativeInfinity, double.PositiveInfinity, true, true);

    public bool Contains(double value) =>
        !double.IsNaN(value)
        && (MinInclusive ? value >= Min : value > Min)
        && (MaxInclusive ? value <= Max : value < Max);

    public override string ToString() =>
        $"{(MinInclusive ? "[" : "(")}{Outcome.Number(Min)}, {Outcome.Number(Max)}{(MaxInclusive ? "]" : ")")}";

    /// <summary>Reads <c>{prefix}min</c>, <c>{prefix}max</c>, <c>{prefix}min_inclusive</c>, <c>{prefix}max_inclusive</c>.</summary>
    public static ScoreRange Read(Parameters parameters, string prefix = "")
    {
        var range = new ScoreRange(
            parameters.GetDouble(prefix + "min"),
            parameters.GetDouble(prefix + "max"),
            parameters.GetBool(prefix + "min_inclusive"),
            parameters.GetBool(prefix + "max_inclusive"));
        if (double.IsNaN(range.Min) || double.IsNaN(range.Max) || range.Min > range.Max)
            throw new ArgumentException($"{parameters.Owner}: score range {range} is empty or invalid");
        return range;
    }

    public void Describe(IDictionary<string, string> settings, string prefix = "")
    {
        settings[prefix + "min"] = Outcome.Number(Min);
        settings[prefix + "max"] = Outcome.Number(Max);
        settings[prefix + "min_inclusive"] = MinInclusive ? "true" : "false";
        settings[prefix + "max_inclusive"] = MaxInclusive ? "true" : "false";
    }
}
