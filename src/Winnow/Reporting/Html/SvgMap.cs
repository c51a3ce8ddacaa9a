using System.Globalization;
using System.Text;

namespace Winnow.Reporting.Html;

/// <summary>
/// The 2-D embedding map as inline SVG: every drawn pool row a small grey circle, and on top one group per method
/// with its own marker shape at the rows it selected (toggled by checkboxes). Each mark carries its pool position in
/// <c>data-p</c>, which the page's script turns into a tooltip with the row's text.
/// </summary>
public static class SvgMap
{
    private const int Size = 560;
    private const int Pad = 14;

    public static string Render(IReadOnlyList<MapPoint> points, IReadOnlyList<MethodView> methods)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"map\" class=\"chart map\" viewBox=\"0 0 {Size} {Size}\" role=\"img\" aria-label=\"2-D PCA map of the pool, selected rows marked per method\">");
        if (points.Count == 0)
            return svg.Append("<text x=\"20\" y=\"40\">too few rows to map</text></svg>").ToString();
        var xs = points.Select(p => (double)p.X).Order().ToArray();
        var ys = points.Select(p => (double)p.Y).Order().ToArray();
        // The 1st–99th percentile box, so a few outliers do not shrink the cloud to a dot; outliers sit on the edge.
        var (x0, x1) = (Histograms.Quantile(xs, 0.01), Histograms.Quantile(xs, 0.99));
        var (y0, y1) = (Histograms.Quantile(ys, 0.01), Histograms.Quantile(ys, 0.99));
        double Sx(double x) => Pad + Math.Clamp((x - x0) / Math.Max(1e-12, x1 - x0), 0, 1) * (Size - 2 * Pad);
        double Sy(double y) => Size - Pad - Math.Clamp((y - y0) / Math.Max(1e-12, y1 - y0), 0, 1) * (Size - 2 * Pad);
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"frame\" x=\"1\" y=\"1\" width=\"{Size - 2}\" height=\"{Size - 2}\"/>");
        svg.Append("<g class=\"pool-points\">");
        foreach (var p in points)
            svg.Append(CultureInfo.InvariantCulture, $"<circle data-p=\"{p.Position}\" cx=\"{Sx(p.X):0.#}\" cy=\"{Sy(p.Y):0.#}\" r=\"2.2\"/>");
        svg.Append("</g>");
        for (var m = 0; m < methods.Count; m++)
        {
            var chosen = methods[m].SelectedSet;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"method-points s{m % Palette.Series}\" data-method=\"{m}\">");
            foreach (var p in points.Where(p => chosen.Contains(p.Position)))
                svg.Append(CultureInfo.InvariantCulture, $"<path data-p=\"{p.Position}\" d=\"{Palette.Marker(m, Sx(p.X), Sy(p.Y))}\"/>");
            svg.Append("</g>");
        }
        return svg.Append("</svg>").ToString();
    }
}
