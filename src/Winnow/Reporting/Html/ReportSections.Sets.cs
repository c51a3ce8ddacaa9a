using System.Globalization;
using System.Text;

namespace Winnow.Reporting.Html;

/// <summary>This part: clusters and the map, diversity against random baselines, and overlap between methods.</summary>
public static partial class ReportSections
{
    public const int ClustersListed = 40;

    public static void Clusters(StringBuilder page, ReportModel model)
    {
        Open(page, "clusters", "Clusters", $"k-means over the embeddings (k = ⌊√(n/2)⌋, seeded); {Html.Encode(model.EmbeddingNote)}. The map shows the first two principal components of {N(model.Map.Count)} of {N(model.MapPoolRows)} rows (every selected row up to half of them, the rest a seeded sample). Hover a mark to read its row.");
        page.Append("<div class=\"map-wrap\"><div>");
        page.Append(SvgMap.Render(model.Map, model.Methods));
        page.Append("</div><div class=\"map-legend\"><p><svg width=\"12\" height=\"12\"><circle cx=\"6\" cy=\"6\" r=\"3\" class=\"legend-dot\"/></svg> pool row (not selected, or hidden method)</p>");
        for (var m = 0; m < model.Methods.Count; m++)
            page.Append($"<label><input type=\"checkbox\" class=\"map-toggle\" data-method=\"{m}\" checked> <span class=\"swatch s{m % Palette.Series}\">{Palette.ShapeName(m)}</span> selected by {Html.Encode(model.Methods[m].Name)}</label><br>");
        page.Append("</div></div>");
        var clusters = model.Clusters.OrderByDescending(c => c.Size).ToList();
        page.Append($"<table class=\"grid compact sortable\"><caption>{clusters.Count} clusters{(clusters.Count > ClustersListed ? $", the {ClustersListed} largest shown" : "")}; covered = share of the cluster's rows taken</caption><thead><tr><th>cluster</th><th>size</th>");
        foreach (var method in model.Methods)
            page.Append($"<th>taken by {Html.Encode(method.Name)}</th>");
        page.Append("</tr></thead><tbody>");
        foreach (var cluster in clusters.Take(ClustersListed))
        {
            page.Append($"<tr><td class=\"num\">{cluster.Cluster}</td><td class=\"num\">{N(cluster.Size)}</td>");
            foreach (var taken in cluster.Taken)
                page.Append($"<td class=\"num\">{N(taken)} <span class=\"dim\">({Share(taken, cluster.Size)})</span></td>");
            page.Append("</tr>");
        }
        page.Append("</tbody></table>");
        page.Append($"<p>Clusters with no selected row: {string.Join("; ", model.Methods.Select((m, i) => $"{Html.Encode(m.Name)} {clusters.Count(c => c.Taken[i] == 0)} of {clusters.Count}"))}.</p></section>");
    }

    public static void Diversity(StringBuilder page, ReportModel model)
    {
        Open(page, "diversity", "Diversity", $"Each selection next to the pool and to {model.RandomSeeds} random selections of the same size (seeded; the range is min–max over seeds). A selection inside the random range is no more diverse than chance. ↑ means higher is more diverse. Geometry metrics use a seeded sample of at most 5,000 rows of a set.");
        page.Append("<table class=\"grid\"><thead><tr><th>metric</th><th>better</th><th>pool</th>");
        foreach (var method in model.Methods)
            page.Append($"<th>{Html.Encode(method.Name)}</th><th>random, same size</th>");
        page.Append("<th>what it means</th></tr></thead><tbody>");
        foreach (var row in model.Diversity)
        {
            page.Append($"<tr><th>{Html.Encode(row.Metric)}</th><td>{(row.HigherIsMoreDiverse ? "↑ higher" : "↓ lower")}</td><td class=\"num\">{F(row.Pool)}</td>");
            for (var m = 0; m < row.Methods.Count; m++)
            {
                var (low, high) = row.Random[m];
                var verdict = row.Methods[m] > high ? (row.HigherIsMoreDiverse ? "above" : "below") : row.Methods[m] < low ? (row.HigherIsMoreDiverse ? "below" : "above") : "within";
                var label = verdict switch { "above" => "▲ more diverse than random", "below" => "▼ less diverse than random", _ => "= within random range" };
                page.Append($"<td class=\"num verdict-{verdict}\" title=\"{label}\">{F(row.Methods[m])} <span class=\"tag\">{label[..1]}</span></td><td class=\"num dim\">{F(low)} – {F(high)}</td>");
            }
            page.Append($"<td>{Html.Encode(row.Explanation)}</td></tr>");
        }
        page.Append("</tbody></table><p class=\"dim\">▲ above the random range, ▼ below it, = within it (judged in the metric's better direction).</p></section>");
    }

    public static void Overlap(StringBuilder page, ReportModel model)
    {
        Open(page, "overlap", "Method overlap", "Jaccard similarity |A ∩ B| / |A ∪ B| of the selected row sets, and the rows only one method picked.");
        if (model.Methods.Count < 2)
        {
            page.Append("<p>One selection in this report; pass several (<code>winnow report a.json b.json …</code>) to compare methods.</p></section>");
            return;
        }
        page.Append("<table class=\"grid compact\"><thead><tr><th></th>");
        foreach (var method in model.Methods)
            page.Append($"<th>{Html.Encode(method.Name)}</th>");
        page.Append("</tr></thead><tbody>");
        foreach (var a in model.Methods)
        {
            page.Append($"<tr><th>{Html.Encode(a.Name)}</th>");
            foreach (var b in model.Methods)
            {
                page.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{MethodOverlap.Jaccard(a.SelectedSet, b.SelectedSet):0.000}</td>");
            }
            page.Append("</tr>");
        }
        page.Append("</tbody></table>");
        var common = model.Methods.Select(m => m.SelectedSet).Aggregate((x, y) => x.Intersect(y).ToHashSet());
        page.Append($"<p>Rows every method picked: {N(common.Count)}.</p>");
        foreach (var method in model.Methods)
        {
            var only = MethodOverlap.OnlyBy(method, model.Methods);
            page.Append($"<details><summary>Only {Html.Encode(method.Name)} picked {N(only.Count)} rows</summary><table class=\"grid compact\"><thead><tr><th>rank</th><th>row</th><th>source</th><th>prompt</th><th>reason</th></tr></thead><tbody>");
            foreach (var pick in only.Take(30))
            {
                var row = model.Rows[pick.Position];
                page.Append($"<tr><td class=\"num\">{pick.Rank}</td><td class=\"num\">{row.Index}</td><td>{Html.Encode(row.Source ?? "")}</td><td>{Html.Encode(Cut(row.Prompt))}</td><td>{Html.Encode(pick.Reason)}</td></tr>");
            }
            page.Append($"</tbody></table>{(only.Count > 30 ? "<p class=\"dim\">first 30 by rank; the selected-rows table below filters by method.</p>" : "")}</details>");
        }
        page.Append("</section>");
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "–";
}
