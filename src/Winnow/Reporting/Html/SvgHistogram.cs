using System.Globalization;
using System.Text;

namespace Winnow.Reporting.Html;

/// <summary>
/// One histogram as inline SVG: the pool as grey bars, each method as a stepped outline with its own dash pattern
/// (so it reads without colour), markers as labelled vertical lines, and a legend naming every series.
/// </summary>
public static class SvgHistogram
{
    private const int Width = 720;
    private const int Height = 240;
    private const int Left = 48;
    private const int Right = 12;
    private const int Top = 34;
    private const int Bottom = 36;

    public static string Render(HistogramData data, IReadOnlyList<string> methodNames)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Encode(data.Title)}\">");
        if (data.Edges.Length == 0)
            return svg.Append("<text x=\"20\" y=\"40\">no finite values</text></svg>").ToString();
        var low = data.Edges[0];
        var high = data.Edges[^1];
        var peak = Math.Max(data.PoolShare.Max(), data.MethodShare.Select(m => m.Length == 0 ? 0 : m.Max()).DefaultIfEmpty(0).Max());
        peak = peak <= 0 ? 1 : Math.Min(1, peak * 1.1);
        double X(double value) => Left + (value - low) / (high - low) * (Width - Left - Right);
        double Y(double share) => Height - Bottom - share / peak * (Height - Top - Bottom);

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/>");
        for (var t = 0; t <= 4; t++)
        {
            var value = low + (high - low) * t / 4;
            var anchor = t == 0 ? "start" : t == 4 ? "end" : "middle";
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{X(value):0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"{anchor}\">{Html.Encode(Histograms.Format(value))}</text>");
            var share = peak * t / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Y(share) + 4:0.#}\" text-anchor=\"end\">{share * 100:0.#}%</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 4}\" text-anchor=\"middle\">{Html.Encode(data.Unit)} (share of each set per bin)</text>");
        for (var b = 0; b < data.PoolShare.Length; b++)
        {
            var x0 = X(data.Edges[b]);
            var x1 = X(data.Edges[b + 1]);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"pool-bar\" x=\"{x0:0.##}\" y=\"{Y(data.PoolShare[b]):0.##}\" width=\"{Math.Max(0.5, x1 - x0 - 0.5):0.##}\" height=\"{Y(0) - Y(data.PoolShare[b]):0.##}\"><title>{Html.Encode(Histograms.Format(data.Edges[b]))}…{Html.Encode(Histograms.Format(data.Edges[b + 1]))}: pool {data.PoolShare[b] * 100:0.##}%</title></rect>");
        }
        for (var m = 0; m < data.MethodShare.Count; m++)
        {
            var shares = data.MethodShare[m];
            if (shares.Length == 0)
                continue;
            var path = new StringBuilder();
            path.Append(CultureInfo.InvariantCulture, $"M{X(data.Edges[0]):0.##},{Y(0):0.##}");
            for (var b = 0; b < shares.Length; b++)
                path.Append(CultureInfo.InvariantCulture, $" L{X(data.Edges[b]):0.##},{Y(shares[b]):0.##} L{X(data.Edges[b + 1]):0.##},{Y(shares[b]):0.##}");
            path.Append(CultureInfo.InvariantCulture, $" L{X(data.Edges[^1]):0.##},{Y(0):0.##}");
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"series s{m % Palette.Series}\" d=\"{path}\"/>");
        }
        var row = 0;
        foreach (var marker in data.Markers.Where(k => k.Value >= low && k.Value <= high))
        {
            var x = X(marker.Value);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"marker\" x1=\"{x:0.##}\" y1=\"{Top - 2}\" x2=\"{x:0.##}\" y2=\"{Height - Bottom}\"/>");
            var anchor = x > Width * 0.7 ? "end" : "start";
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"marker-label\" x=\"{x + (anchor == "end" ? -3 : 3):0.##}\" y=\"{Top + 10 + 11 * (row++ % 4)}\" text-anchor=\"{anchor}\">{Html.Encode(marker.Label)}</text>");
        }
        Legend(svg, methodNames);
        return svg.Append("</svg>").ToString();
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<string> methodNames)
    {
        var x = Left;
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"pool-bar\" x=\"{x}\" y=\"6\" width=\"14\" height=\"10\"/><text class=\"legend\" x=\"{x + 18}\" y=\"15\">pool</text>");
        x += 60;
        for (var m = 0; m < methodNames.Count; m++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"series s{m % Palette.Series}\" x1=\"{x}\" y1=\"11\" x2=\"{x + 22}\" y2=\"11\"/><text class=\"legend\" x=\"{x + 26}\" y=\"15\">{Html.Encode(methodNames[m])}</text>");
            x += 36 + 7 * methodNames[m].Length;
        }
    }
}
