namespace Winnow.Quality.Evaluation;

/// <summary>
/// Which value of which scorer an evaluation compares: written <c>NAME[.FIELD][:low]</c>, e.g. <c>lexical.mtld</c>
/// (its first field), <c>lexical.length.length_chars</c>, <c>stat-ifd.ifd:low</c> (lower is better). A name that
/// is itself registered wins over reading its last dotted part as a field.
/// </summary>
public sealed record ScoreColumn(string Scorer, string? Field, bool LowerIsBetter)
{
    public const string LowSuffix = ":low";

    public string Label => Scorer + (Field is null ? "" : "." + Field) + (LowerIsBetter ? LowSuffix : "");

    public static ScoreColumn Parse(string text, Func<string, bool> isRegistered)
    {
        var low = text.EndsWith(LowSuffix, StringComparison.Ordinal);
        var name = low ? text[..^LowSuffix.Length] : text;
        if (isRegistered(name))
            return new ScoreColumn(name, null, low);
        var dot = name.LastIndexOf('.');
        if (dot > 0 && isRegistered(name[..dot]))
            return new ScoreColumn(name[..dot], name[(dot + 1)..], low);
        throw new ArgumentException($"--scorer '{text}': no scorer named '{name}' (or '{(dot > 0 ? name[..dot] : name)}' with a field); expected NAME[.FIELD][:low], see 'winnow list'");
    }

    /// <summary>Index of the compared value among the scorer's fields (its first field when none is named).</summary>
    public int FieldIndex(IReadOnlyList<string> fields)
    {
        if (Field is null)
            return 0;
        var index = fields.ToList().IndexOf(Field);
        return index >= 0 ? index : throw new ArgumentException($"--scorer '{Label}': scorer '{Scorer}' has no field '{Field}'; its fields: {string.Join(", ", fields)}");
    }
}
