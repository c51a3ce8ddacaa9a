using System.Text.Json;
using Winnow.Selection;
using Winnow.Store;

namespace Winnow.Pipeline;

/// <summary>
/// Writes one JSON line per input row saying what happened to it: chosen (with rank and reason), rejected by
/// the selector, set aside by a row filter (its code and reason), rejected at read, or failed by a scorer. Rows are in file order; ranks are
/// 1-based positions in the output.
/// </summary>
public static class DecisionsFile
{
    public static void Write(string path, PoolScan scan, SelectionResult selection, ScoreTable table)
    {
        var decisions = new SortedDictionary<long, (string Id, int? Rank, string Status, string Reason)>();
        foreach (var pick in selection.Selected)
            decisions[scan.UsableIndices[pick.Row]] = (scan.UsableIds[pick.Row], pick.Rank + 1, "selected", pick.Reason);
        foreach (var rejection in selection.Rejected)
        {
            var id = scan.UsableIds[rejection.Row];
            var reason = table.Errors.TryGetValue(id, out var error) ? $"{rejection.Reason}; scorer error: {error}" : rejection.Reason;
            decisions[scan.UsableIndices[rejection.Row]] = (id, null, "rejected", reason);
        }
        foreach (var (index, (status, reason)) in scan.Filtered)
            decisions[index] = ("", null, status, reason);
        foreach (var bad in scan.BadRows)
            decisions[bad.Index] = ("", null, "bad-input", bad.ToString());

        OutputFile.Write(path, stream =>
        {
            foreach (var (index, decision) in decisions)
            {
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartObject();
                    json.WriteNumber("index", index);
                    if (decision.Id.Length > 0)
                        json.WriteString("id", decision.Id);
                    json.WriteString("status", decision.Status);
                    if (decision.Rank is { } rank)
                        json.WriteNumber("rank", rank);
                    json.WriteString("reason", decision.Reason);
                    json.WriteEndObject();
                }
                stream.WriteByte((byte)'\n');
            }
        });
    }
}
