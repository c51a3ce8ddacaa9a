using System.Text;
using System.Text.Json;
using Winnow.Data;
using Winnow.Scoring;

namespace Winnow.Store;

/// <summary>
/// The score file's line format. Two kinds of JSON line:
/// a run record <c>{"run","scorer","variant","fields","settings","tool","fitted_on"?}</c> written once per run
/// (<c>fitted_on</c> only for a pool-fitted scorer whose pool is known), and a score line
/// <c>{"id","hash","run","scorer","variant","values":{field:number|null}|null,"error"?,"text"?}</c> per row.
/// Non-finite values are written as <c>null</c> (JSON has no NaN). <c>text</c> is present only for scorers that keep
/// a text per row (an LLM judge's reply), so files of other scorers are byte for byte what they were.
/// </summary>
public static class ScoreFileFormat
{
    public static byte[] RunLine(RunRecord run)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("run", run.Key);
            json.WriteString("scorer", run.Scorer);
            json.WriteString("variant", run.Variant);
            json.WriteStartArray("fields");
            foreach (var field in run.Fields)
                json.WriteStringValue(field);
            json.WriteEndArray();
            json.WriteStartObject("settings");
            foreach (var (key, value) in run.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteString("tool", run.ToolVersion);
            if (run.FittedOn is { } pool)
                json.WriteString("fitted_on", pool);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static void WriteScoreLine(Stream output, Sample row, string runKey, RunRecord run, ScoreResult result)
    {
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("id", row.Id);
            json.WriteString("hash", row.ContentHash);
            json.WriteString("run", runKey);
            json.WriteString("scorer", run.Scorer);
            json.WriteString("variant", run.Variant);
            if (result.Values is { } values)
            {
                if (values.Length != run.Fields.Count)
                    throw new InvalidOperationException($"scorer '{run.Scorer}' returned {values.Length} values for row {row.Id}, expected {run.Fields.Count} ({string.Join(", ", run.Fields)})");
                json.WriteStartObject("values");
                for (var i = 0; i < values.Length; i++)
                {
                    if (double.IsFinite(values[i]))
                        json.WriteNumber(run.Fields[i], values[i]);
                    else
                        json.WriteNull(run.Fields[i]);
                }
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("values");
                json.WriteString("error", result.Error ?? "unknown error");
            }
            if (result.Text is { } text)
                json.WriteString("text", text);
            json.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>Parses one line into a <see cref="RunRecord"/> or a <see cref="ScoreLine"/>; errors name file and line.</summary>
    public static object Parse(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("expected a JSON object");
            if (!root.TryGetProperty("id", out var id))
            {
                var fields = root.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToArray();
                var settings = root.GetProperty("settings").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
                return new RunRecord(Str(root, "scorer"), Str(root, "variant"), fields, settings, Str(root, "tool"))
                {
                    FittedOn = root.TryGetProperty("fitted_on", out var pool) ? pool.GetString() : null,
                };
            }
            Dictionary<string, double>? values = null;
            var valuesElement = root.GetProperty("values");
            if (valuesElement.ValueKind == JsonValueKind.Object)
            {
                values = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var property in valuesElement.EnumerateObject())
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? double.NaN : property.Value.GetDouble();
            }
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
            var text = root.TryGetProperty("text", out var t) ? t.GetString() : null;
            return new ScoreLine(id.GetString()!, Str(root, "hash"), Str(root, "run"), Str(root, "scorer"), Str(root, "variant"), values, error, text);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: not a score-file line ({ex.Message}); expected a run record or a score line as written by winnow");
        }
    }

    public static IEnumerable<object> ReadAll(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            yield return Parse(Encoding.UTF8.GetBytes(line), path, lineNumber);
        }
    }

    private static string Str(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new InvalidDataException($"field '{name}' is null, expected a string");
}
