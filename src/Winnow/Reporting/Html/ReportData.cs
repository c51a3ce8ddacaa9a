using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Winnow.Reporting.Html;

/// <summary>
/// The rows behind the page's searchable tables and map tooltips, as one JSON object inside a
/// <c>&lt;script type="application/json"&gt;</c>: pool rows with text cut to <see cref="SnippetChars"/> characters, each
/// method's picks and set-aside rows (reasons interned in one string table) and the score columns rounded to 5
/// significant digits. The encoder escapes &lt;, &gt; and &amp;, so row text cannot close the script element.
/// </summary>
public static class ReportData
{
    public const int SnippetChars = 160;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string Json(ReportModel model, IReadOnlyList<int> clusterOf)
    {
        var strings = new List<string>();
        var stringIds = new Dictionary<string, int>(StringComparer.Ordinal);
        int Intern(string text)
        {
            if (!stringIds.TryGetValue(text, out var id))
            {
                id = strings.Count;
                strings.Add(text);
                stringIds[text] = id;
            }
            return id;
        }

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("methods");
            foreach (var method in model.Methods)
                json.WriteStringValue(method.Name);
            json.WriteEndArray();
            json.WriteStartArray("rows");
            for (var i = 0; i < model.Rows.Count; i++)
            {
                var row = model.Rows[i];
                json.WriteStartArray();
                json.WriteNumberValue(row.Index);
                json.WriteStringValue(row.Source ?? "");
                json.WriteStringValue(Snippet(row.Prompt));
                json.WriteStringValue(Snippet(row.Response));
                json.WriteNumberValue(clusterOf[i]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            void PerMethod<T>(string name, Func<MethodView, IEnumerable<T>> items, Action<T> write)
            {
                json.WriteStartArray(name);
                foreach (var method in model.Methods)
                {
                    json.WriteStartArray();
                    foreach (var item in items(method))
                    {
                        json.WriteStartArray();
                        write(item);
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }

            PerMethod("selected", m => m.Selected, pick =>
            {
                json.WriteNumberValue(pick.Position);
                json.WriteNumberValue(pick.Rank);
                json.WriteNumberValue(Intern(pick.Reason));
            });
            PerMethod("setAside", m => m.SetAsideRows, row =>
            {
                json.WriteNumberValue(row.Position);
                json.WriteNumberValue(row.Index);
                json.WriteNumberValue(Intern(row.Code));
                json.WriteNumberValue(Intern(row.Detail));
            });
            json.WriteStartArray("scoreNames");
            foreach (var name in model.Scores.Keys)
                json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteStartArray("scores");
            foreach (var values in model.Scores.Values)
            {
                json.WriteStartArray();
                foreach (var value in values)
                {
                    if (double.IsFinite(value))
                        json.WriteNumberValue(Math.Round(value, Math.Clamp(4 - (int)Math.Floor(Math.Log10(Math.Abs(value) + 1e-300)), 0, 15)));
                    else
                        json.WriteNullValue();
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("strings");
            foreach (var text in strings)
                json.WriteStringValue(text);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Snippet(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= SnippetChars ? flat : flat[..SnippetChars] + "…";
    }
}
