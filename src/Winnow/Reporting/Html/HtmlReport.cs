using System.Globalization;
using System.Reflection;
using System.Text;
using Winnow.Pipeline;

namespace Winnow.Reporting.Html;

/// <summary>
/// Writes a <see cref="ReportModel"/> as one self-contained HTML page: styles, script, charts (inline SVG) and table
/// data all inside the file, nothing fetched. Sections: overview, alarms, scores, lengths, clusters, diversity,
/// method overlap, selected rows, set-aside rows, provenance.
/// </summary>
public static class HtmlReport
{
    public static readonly string[] SectionIds = ["overview", "alarms", "scores", "lengths", "clusters", "diversity", "overlap", "selected", "set-aside", "provenance"];

    public static void Write(ReportModel model, string path) =>
        OutputFile.Write(path, stream =>
        {
            var bytes = Encoding.UTF8.GetBytes(Render(model));
            stream.Write(bytes);
        });

    public static string Render(ReportModel model)
    {
        var clusterOf = new int[model.Rows.Count];
        Array.Fill(clusterOf, -1);
        foreach (var point in model.Map)
            clusterOf[point.Position] = point.Cluster;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        page.Append($"<title>{Html.Encode(model.Title)}</title><style>{Resource("report.css")}</style></head><body>");
        page.Append($"<header><h1>{Html.Encode(model.Title)}</h1><p class=\"sub\">pool <code>{Html.Encode(model.InputPath)}</code> · {model.Rows.Count:N0} readable rows · {ToolInfo.Version}</p><nav>");
        foreach (var id in SectionIds)
            page.Append($"<a href=\"#{id}\">{id.Replace('-', ' ')}</a>");
        page.Append("</nav></header><main>");
        ReportSections.Overview(page, model);
        ReportSections.Alarms(page, model);
        ReportSections.Scores(page, model);
        ReportSections.Lengths(page, model);
        ReportSections.Clusters(page, model);
        ReportSections.Diversity(page, model);
        ReportSections.Overlap(page, model);
        ReportSections.Tables(page, model);
        ReportSections.Provenance(page, model);
        page.Append("<footer>Report built in ");
        page.Append(string.Join(", ", model.BuildTimings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Stage} {t.Seconds:0.00} s ({t.CpuSeconds:0.00} s CPU)"))));
        page.Append(".</footer></main><div id=\"tip\" role=\"tooltip\" hidden></div>");
        page.Append("<script type=\"application/json\" id=\"report-data\">").Append(ReportData.Json(model, clusterOf)).Append("</script>");
        page.Append($"<script>{Resource("report.js")}</script></body></html>");
        return page.ToString();
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Winnow.Reporting.Html." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
