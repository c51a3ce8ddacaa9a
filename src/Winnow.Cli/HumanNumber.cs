using System.Globalization;

namespace Winnow.Cli;

/// <summary>Numbers as people write them in a summary: 10,000 rather than 1E+04, 0.7651 rather than 7.651E-01.</summary>
public static class HumanNumber
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
            return "n/a";
        if (double.IsInfinity(value))
            return value > 0 ? "∞" : "−∞";
        var magnitude = Math.Abs(value);
        var format = magnitude switch
        {
            _ when value == Math.Floor(value) && magnitude < 1e15 => "#,##0",
            >= 1000 => "#,##0",
            >= 1 => "#,##0.##",
            >= 0.0001 => "0.####",
            _ => "0.###E+0",
        };
        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}
