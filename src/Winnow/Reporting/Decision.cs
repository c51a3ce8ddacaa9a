using System.Text.Json;

namespace Winnow.Reporting;

/// <summary>One line of a run's decisions file: what happened to the row at <see cref="Index"/> and why.</summary>
public sealed record Decision(long Index, string? Id, string Status, int? Rank, string Reason)
{
    public bool Selected => Status == "selected";

    /// <summary>Reads every line of a decisions file; a malformed line is an error naming file and line.</summary>
    public static IReadOnlyList<Decision> ReadAll(string path)
    {
        var decisions = new List<Decision>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
                continue;
            try
            {
                using var json = JsonDocument.Parse(text);
                var root = json.RootElement;
                decisions.Add(new Decision(
                    root.GetProperty("index").GetInt64(),
                    root.TryGetProperty("id", out var id) ? id.GetString() : null,
                    root.GetProperty("status").GetString() ?? throw new InvalidDataException("status is null"),
                    root.TryGetProperty("rank", out var rank) ? rank.GetInt32() : null,
                    root.GetProperty("reason").GetString() ?? ""));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}:{line}: not a decisions line (expected index, status and reason; {e.Message})");
            }
        }
        return decisions;
    }
}
