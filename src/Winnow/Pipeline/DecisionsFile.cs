using System.Text.Json;
using Winnow.Selection;
using Winnow.Store;

namespace Winnow.Pipeline;

/// <summary>
/// Writes one JSON line per input row saying what happened to it: chosen (with rank and reason), rejected by
/// the selector, set aside by a row filter (its code and reason), rejected at read, or failed by a scorer. Rows are in file order; ranks are
/// 1-based positions in the output.
/// The lines are streamed in index order by merging the three sorted sequences (usable rows, rows set aside, bad
/// rows); the only per-row state is one int per usable row pointing at its pick or rejection.
/// </summary>
public static class DecisionsFile
{
    public static void Write(string path, PoolScan scan, SelectionResult selection, ScoreTable table)
    {
        // decision[row] = p ≥ 0: the row is selection.Selected[p]; -2 - r: it is selection.Rejected[r]; -1: neither.
        var decision = new int[scan.UsableIndices.Count];
        Array.Fill(decision, -1);
        for (var p = 0; p < selection.Selected.Count; p++)
            decision[selection.Selected[p].Row] = p;
        for (var r = 0; r < selection.Rejected.Count; r++)
            decision[selection.Rejected[r].Row] = -2 - r;
        var filtered = scan.Filtered.Keys.Order().ToArray();
        var bad = scan.BadRows.OrderBy(b => b.Index).ToArray();

        OutputFile.Write(path, stream =>
        {
            int u = 0, f = 0, b = 0;
            while (true)
            {
                var next = long.MaxValue;
                if (u < decision.Length)
                    next = Math.Min(next, scan.UsableIndices[u]);
                if (f < filtered.Length)
                    next = Math.Min(next, filtered[f]);
                if (b < bad.Length)
                    next = Math.Min(next, bad[b].Index);
                if (next == long.MaxValue)
                    break;
                // One line per index; where two sequences name the same index, a bad row outranks a filter's
                // decision, which outranks the selector's (the order in which they were once overwritten).
                (string Id, int? Rank, string Status, string Reason)? line = null;
                for (; u < decision.Length && scan.UsableIndices[u] == next; u++)
                    line = Usable(u, decision[u], scan, selection, table) ?? line;
                for (; f < filtered.Length && filtered[f] == next; f++)
                    line = ("", null, scan.Filtered[next].Status, scan.Filtered[next].Reason);
                for (; b < bad.Length && bad[b].Index == next; b++)
                    line = ("", null, "bad-input", bad[b].ToString());
                if (line is { } written)
                    WriteLine(stream, next, written);
            }
        });
    }

    private static (string, int?, string, string)? Usable(int row, int decision, PoolScan scan, SelectionResult selection, ScoreTable table)
    {
        if (decision == -1)
            return null;
        var id = scan.UsableIds[row];
        if (decision >= 0)
        {
            var pick = selection.Selected[decision];
            return (id, pick.Rank + 1, "selected", pick.Reason);
        }
        var rejection = selection.Rejected[-2 - decision];
        var reason = table.Errors.TryGetValue(id, out var error) ? $"{rejection.Reason}; scorer error: {error}" : rejection.Reason;
        return (id, null, "rejected", reason);
    }

    private static void WriteLine(Stream stream, long index, (string Id, int? Rank, string Status, string Reason) decision)
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
}
