using System.Globalization;
using System.Text;

namespace Winnow.Reporting.Html;

/// <summary>The page's sections, each appended as HTML; this part: overview, alarms, score and length histograms.</summary>
public static partial class ReportSections
{
    private static void Open(StringBuilder page, string id, string title, string lead) =>
        page.Append($"<section id=\"{id}\"><h2>{Html.Encode(title)}</h2><p class=\"lead\">{lead}</p>");

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Share(double part, double whole) => whole <= 0 ? "–" : (part / whole).ToString("P1", CultureInfo.InvariantCulture);

    public static void Overview(StringBuilder page, ReportModel model)
    {
        Open(page, "overview", "Overview", "What went in, what was set aside at each step and why, what was selected, and what each step cost.");
        page.Append("<table class=\"grid\"><thead><tr><th>method</th><th>rows in</th><th>set aside, by decision code</th><th>set aside by the selector, by reason</th><th>selected</th></tr></thead><tbody>");
        foreach (var method in model.Methods)
        {
            var report = method.Run.Report;
            page.Append($"<tr><th>{Html.Encode(method.Name)}</th><td class=\"num\">{N(report.Rows.Total)}</td><td><ul class=\"plain\">");
            foreach (var group in method.SetAsideRows.GroupBy(r => r.Code).OrderByDescending(g => g.Count()))
                page.Append($"<li><b>{Html.Encode(group.Key)}</b>: {N(group.Count())}</li>");
            page.Append("</ul></td><td><ul class=\"plain\">");
            foreach (var (reason, count) in report.RejectedBecause.OrderByDescending(kv => kv.Value).Take(8))
                page.Append($"<li>{Html.Encode(reason)}: {N(count)}</li>");
            page.Append($"</ul></td><td class=\"num\"><b>{N(method.Selected.Count)}</b> ({Share(method.Selected.Count, report.Rows.Usable)} of usable)</td></tr>");
        }
        page.Append("</tbody></table>");
        FilterSteps(page, model);
        Sources(page, model);
        Steps(page, model);
        page.Append("<h3>The plan that ran</h3><div class=\"cols\">");
        foreach (var (name, plan) in model.PlanByMethod)
        {
            page.Append($"<div><h4>{Html.Encode(name)}</h4><ol>");
            foreach (var step in plan)
                page.Append($"<li>{Html.Encode(step)}</li>");
            page.Append("</ol></div>");
        }
        page.Append("</div></section>");
    }

    /// <summary>Each method's row filters in the order they ran: rows in, set aside under the filter's code, rows out, and the filter's own time.</summary>
    private static void FilterSteps(StringBuilder page, ReportModel model)
    {
        if (model.Methods.All(m => m.Run.Report.Filters.Count == 0))
            return;
        page.Append("<h3>Row filters, step by step</h3><table class=\"grid compact\"><thead><tr><th>method</th><th>step</th><th>decision code</th><th>rows in</th><th>set aside</th><th>rows out</th><th>seconds</th></tr></thead><tbody>");
        foreach (var method in model.Methods)
        {
            var seconds = method.Run.Log?.Filters ?? [];
            foreach (var (filter, i) in method.Run.Report.Filters.Select((f, i) => (f, i)))
            {
                var time = i < seconds.Count && seconds[i].Name == filter.Name ? seconds[i].Seconds.ToString("0.00", CultureInfo.InvariantCulture) : "–";
                page.Append($"<tr><th>{Html.Encode(method.Name)}</th><td>{i + 1}. {Html.Encode(filter.Name)}</td><td><b>{Html.Encode(filter.Code)}</b></td><td class=\"num\">{N(filter.RowsIn)}</td><td class=\"num\">{N(filter.SetAside)} ({Share(filter.SetAside, filter.RowsIn)})</td><td class=\"num\">{N(filter.RowsOut)}</td><td class=\"num\">{time}</td></tr>");
            }
        }
        page.Append("</tbody></table>");
    }

    private static void Sources(StringBuilder page, ReportModel model)
    {
        var sources = model.Rows.GroupBy(r => r.Source ?? "(no source field)").OrderByDescending(g => g.Count()).ToList();
        page.Append("<h3>Sources: share of the pool and of each selection</h3><table class=\"grid\"><thead><tr><th>source</th><th>pool rows</th><th>pool share</th>");
        foreach (var method in model.Methods)
            page.Append($"<th>{Html.Encode(method.Name)} share</th>");
        page.Append("</tr></thead><tbody>");
        foreach (var source in sources)
        {
            page.Append($"<tr><th>{Html.Encode(source.Key)}</th><td class=\"num\">{N(source.Count())}</td><td class=\"num\">{Share(source.Count(), model.Rows.Count)}</td>");
            foreach (var method in model.Methods)
            {
                var taken = method.Selected.Count(p => (model.Rows[p.Position].Source ?? "(no source field)") == source.Key);
                page.Append($"<td class=\"num\">{Share(taken, method.Selected.Count)} <span class=\"dim\">({N(taken)})</span></td>");
            }
            page.Append("</tr>");
        }
        page.Append("</tbody></table>");
    }

    private static void Steps(StringBuilder page, ReportModel model)
    {
        page.Append("<h3>Time and memory per step</h3>");
        foreach (var method in model.Methods)
        {
            if (method.Run.Log is not { } log)
            {
                page.Append($"<p>{Html.Encode(method.Name)}: no run log (.run.json) beside this selection, so no timings.</p>");
                continue;
            }
            page.Append($"<table class=\"grid compact\"><caption>{Html.Encode(method.Name)}: {log.TotalSeconds:0.0} s in all</caption><thead><tr><th>step</th><th>seconds</th><th>peak working set</th><th>managed heap at end</th></tr></thead><tbody>");
            foreach (var step in log.Steps)
                page.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Encode(step.Name)}</td><td class=\"num\">{step.Seconds:0.00}</td><td class=\"num\">{step.PeakWorkingSetBytes / 1048576.0:0} MiB</td><td class=\"num\">{step.ManagedBytesAtEnd / 1048576.0:0} MiB</td></tr>");
            page.Append("</tbody></table>");
        }
    }

    public static void Alarms(StringBuilder page, ReportModel model)
    {
        Open(page, "alarms", "Alarms", "Checks for the failures that go unnoticed: a score that is the same for most rows, many scorer errors, IFD &gt; 1 on a large share, a selection dominated by one source, cluster or length band, and rows longer than a scorer's max_length. Each lists the rows that trigger it.");
        if (model.Alarms.Count == 0)
            page.Append("<p class=\"ok\">✓ No alarm.</p>");
        foreach (var alarm in model.Alarms)
        {
            page.Append($"<details class=\"alarm\"><summary>⚠ {Html.Encode(alarm.Title)}</summary><p>{Html.Encode(alarm.Detail)}</p><table class=\"grid compact\"><thead><tr><th>row</th><th>source</th><th>prompt</th><th>response</th></tr></thead><tbody>");
            foreach (var position in alarm.Rows.Take(20))
            {
                var row = model.Rows[position];
                page.Append($"<tr><td class=\"num\">{row.Index}</td><td>{Html.Encode(row.Source ?? "")}</td><td>{Html.Encode(Cut(row.Prompt))}</td><td>{Html.Encode(Cut(row.Response))}</td></tr>");
            }
            page.Append("</tbody></table>");
            if (alarm.Rows.Count > 20)
                page.Append($"<p class=\"dim\">first 20 shown; rows: {string.Join(", ", alarm.Rows.Skip(20).Select(p => model.Rows[p].Index))}</p>");
            page.Append("</details>");
        }
        page.Append("</section>");
    }

    public static void Scores(StringBuilder page, ReportModel model)
    {
        Open(page, "scores", "Scores", "One histogram per score: the pool as grey bars, each selection as an outline (its own dash pattern), thresholds and cuts as labelled lines.");
        if (model.ScoreHistograms.Count == 0)
            page.Append("<p>No score columns in the score files.</p>");
        Charts(page, model, model.ScoreHistograms);
        page.Append("</section>");
    }

    public static void Lengths(StringBuilder page, ReportModel model)
    {
        Open(page, "lengths", "Lengths", "Prompt and response lengths, pool vs each selection: a selector that prefers long answers shows here first.");
        Charts(page, model, model.LengthHistograms);
        page.Append("</section>");
    }

    private static void Charts(StringBuilder page, ReportModel model, IReadOnlyList<HistogramData> charts)
    {
        var names = model.Methods.Select(m => m.Name).ToList();
        foreach (var chart in charts)
            page.Append($"<figure><figcaption><b>{Html.Encode(chart.Title)}</b> — {Html.Encode(chart.Explanation)} ({N(chart.PoolCount)} pool values)</figcaption>{SvgHistogram.Render(chart, names)}</figure>");
    }

    private static string Cut(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 140 ? flat : flat[..140] + "…";
    }
}
