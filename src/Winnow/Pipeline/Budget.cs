using System.Globalization;

namespace Winnow.Pipeline;

/// <summary>
/// How many rows to select: a count (<c>1000</c>), a share of the usable pool (<c>5%</c>, rounded down, at least
/// one row), or <c>all</c>, which lets a selector whose own rule decides the count (Cherry's rate, a threshold)
/// choose up to every usable row.
/// </summary>
public sealed record Budget
{
    private Budget(int? rows, double? percent)
    {
        Rows = rows;
        Percent = percent;
    }

    public int? Rows { get; }

    public double? Percent { get; }

    public static Budget All { get; } = new(null, null);

    public static implicit operator Budget(int rows) => new(rows, null);

    /// <exception cref="ArgumentException">Not a positive count, a percentage in (0, 100], or 'all'.</exception>
    public static Budget Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase))
            return All;
        if (trimmed.EndsWith('%') && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            return percent is > 0 and <= 100 ? new Budget(null, percent) : throw new ArgumentException($"--budget {text}: expected a percentage above 0 and at most 100");
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows >= 1)
            return rows;
        throw new ArgumentException($"--budget is '{text}', expected a row count (1000), a share of the pool (5%) or 'all'");
    }

    /// <summary>The row count for a pool of <paramref name="usable"/> rows.</summary>
    public int Resolve(int usable) => Rows ?? (Percent is { } p ? Math.Max(1, (int)Math.Floor(usable * p / 100)) : Math.Max(1, usable));

    public override string ToString() => Rows?.ToString(CultureInfo.InvariantCulture) ?? (Percent is { } p ? p.ToString(CultureInfo.InvariantCulture) + "%" : "all");
}
