using System.Text;

namespace Winnow.Reporting.Html;

/// <summary>This part: the searchable, sortable row tables (filled by the page's script) and the provenance of every score.</summary>
public static partial class ReportSections
{
    public static void Tables(StringBuilder page, ReportModel model)
    {
        var methodOptions = string.Concat(model.Methods.Select((m, i) => $"<option value=\"{i}\">{Html.Encode(m.Name)}</option>"));
        Open(page, "selected", "Selected rows", "Every selected row with its rank, reason and scores. Type to search prompt, response, source and reason; click a column header to sort.");
        page.Append($"<div class=\"controls\"><label>method <select id=\"selected-method\">{methodOptions}</select></label> <input type=\"search\" id=\"selected-search\" placeholder=\"search selected rows\" aria-label=\"search selected rows\"> <span id=\"selected-count\" class=\"dim\"></span></div>");
        page.Append("<div class=\"table-wrap\"><table class=\"grid rows\" id=\"selected-table\"><thead></thead><tbody></tbody></table></div></section>");
        Open(page, "set-aside", "Set-aside rows", "Every row not selected, with its decision code (bad-input, a row filter's code such as duplicate or near-duplicate, rejected by the selector) and detail.");
        page.Append($"<div class=\"controls\"><label>method <select id=\"aside-method\">{methodOptions}</select></label> <input type=\"search\" id=\"aside-search\" placeholder=\"search set-aside rows\" aria-label=\"search set-aside rows\"> <span id=\"aside-count\" class=\"dim\"></span></div>");
        page.Append("<div class=\"table-wrap\"><table class=\"grid rows\" id=\"aside-table\"><thead></thead><tbody></tbody></table></div></section>");
    }

    public static void Provenance(StringBuilder page, ReportModel model)
    {
        Open(page, "provenance", "Provenance", "Where every score came from: scorer, variant, every setting (model folder and weight/tokenizer hashes, template, backend parameters), tool version, and the run key that ties each score line to them.");
        foreach (var item in model.Provenance)
        {
            page.Append($"<details open><summary><b>{Html.Encode(item.Run.Scorer)}</b> variant {Html.Encode(item.Run.Variant)} — fields {Html.Encode(string.Join(", ", item.Run.Fields))} — run {Html.Encode(item.RunKey)} — {Html.Encode(item.Run.ToolVersion)} — used by {Html.Encode(string.Join(", ", item.UsedBy))}</summary><table class=\"grid compact\"><tbody>");
            foreach (var (key, value) in item.Run.Settings)
                page.Append($"<tr><th>{Html.Encode(key)}</th><td><code>{Html.Encode(value)}</code></td></tr>");
            page.Append("</tbody></table></details>");
        }
        page.Append("<h3>Embedder and selector of each run</h3>");
        foreach (var method in model.Methods)
        {
            var report = method.Run.Report;
            page.Append($"<details><summary>{Html.Encode(method.Name)}: selector <b>{Html.Encode(report.Selector.Name)}</b>{(report.Embedder is { } e ? $", embedder <b>{Html.Encode(e.Name)}</b>" : "")}, seed {report.Seed}, budget {report.Budget}, {Html.Encode(report.Tool)}</summary><table class=\"grid compact\"><tbody>");
            foreach (var component in new[] { report.Selector }.Concat(report.Embedder is { } emb ? [emb] : []))
            {
                foreach (var (key, value) in component.Settings)
                    page.Append($"<tr><th>{Html.Encode(component.Name)}.{Html.Encode(key)}</th><td><code>{Html.Encode(value)}</code></td></tr>");
            }
            page.Append("</tbody></table></details>");
        }
        page.Append("</section>");
    }
}
