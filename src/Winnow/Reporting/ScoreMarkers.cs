using System.Globalization;

namespace Winnow.Reporting;

/// <summary>
/// The lines drawn on a score's histogram: the range bounds of every selector that cut on this column (from its
/// recorded settings), the lowest value each such selector took, and IFD = 1 for IFD columns (above it the
/// instruction makes the response less likely, which Cherry and Superfiltering treat as a broken pair).
/// </summary>
public static class ScoreMarkers
{
    public static IReadOnlyList<Marker> For(string column, IReadOnlyList<MethodView> methods, double[] values)
    {
        var markers = new List<Marker>();
        if (column.StartsWith("ifd", StringComparison.Ordinal) && column.EndsWith(".ifd", StringComparison.Ordinal))
            markers.Add(new Marker(1.0, "IFD = 1"));
        foreach (var method in methods)
        {
            var settings = method.Run.Report.Selector.Settings;
            if (!settings.TryGetValue("column", out var cutColumn) || !SameColumn(cutColumn, column))
                continue;
            foreach (var bound in new[] { "min", "max" })
            {
                if (settings.TryGetValue(bound, out var text) && double.TryParse(text, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                    markers.Add(new Marker(value, $"{method.Name}: {bound} {Histograms.Format(value)}"));
            }
            var taken = method.Selected.Select(p => values[p.Position]).Where(double.IsFinite).ToList();
            if (taken.Count > 0)
            {
                var cut = settings.GetValueOrDefault("order") == "ascending" ? taken.Max() : taken.Min();
                markers.Add(new Marker(cut, $"{method.Name}: cut {Histograms.Format(cut)}"));
            }
        }
        return markers;
    }

    /// <summary>A selector may name <c>ifd.ifd</c> for the column stored as <c>ifd:superfiltering.ifd</c>.</summary>
    private static bool SameColumn(string selectorColumn, string column) =>
        selectorColumn == column || (column.Contains(':') && selectorColumn == column[..column.IndexOf(':')] + column[column.IndexOf('.', column.IndexOf(':'))..]);
}
