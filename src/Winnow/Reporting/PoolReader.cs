using System.Text.Json;
using Winnow.Data;

namespace Winnow.Reporting;

/// <summary>
/// Reads the rows of a pool for a report in one pass: each readable row as a <see cref="PoolRow"/>, with the row's
/// top-level <c>source</c> string when present. Unreadable rows are skipped here because the decisions file already
/// names them with their error.
/// </summary>
public static class PoolReader
{
    public static IReadOnlyList<PoolRow> Read(string path, DatasetReadOptions options)
    {
        var rows = new List<PoolRow>();
        using var source = RecordSources.Open(path, options);
        var parser = new RowParser(path, options with { RejectDuplicateIds = false });
        foreach (var raw in source.Records())
        {
            var outcome = parser.Parse(raw);
            if (outcome.Sample is not { } sample)
                continue;
            rows.Add(new PoolRow(sample.Index, sample.Id, sample.Prompt, sample.Response, SourceField(raw.Text.Span)));
        }
        return rows;
    }

    private static string? SourceField(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSource = reader.ValueTextEquals("source"u8);
            reader.Read();
            if (isSource && reader.TokenType == JsonTokenType.String)
                return reader.GetString();
            reader.Skip();
        }
        return null;
    }
}
