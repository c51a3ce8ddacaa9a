using System.Text.Json;
using Winnow.Data;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>One record of a fixture's ifd_expected.json with the expected block of one variant.</summary>
public sealed record IfdFixtureCase(Sample Sample, JsonElement Expected)
{
    public int MaxLength => Expected.GetProperty("max_length").GetInt32();

    public string? Skipped => Expected.TryGetProperty("skipped", out var s) ? s.GetString() : null;

    /// <summary>Every record of the file (the 20 main ones and the truncation block) for <paramref name="variant"/>.</summary>
    public static List<IfdFixtureCase> Load(string model, string variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture(model, "ifd_expected.json")));
        var root = doc.RootElement.Clone();
        return root.GetProperty("records").EnumerateArray()
            .Concat(root.GetProperty("truncation_records_nondefault_max_length").EnumerateArray())
            .Select(r => new IfdFixtureCase(ToSample(r), r.GetProperty(variant)))
            .ToList();
    }

    private static Sample ToSample(JsonElement r) => TestRows.Alpaca(
        r.GetProperty("record_index").GetInt64(),
        r.GetProperty("instruction").GetString()!,
        r.GetProperty("output").GetString()!,
        r.GetProperty("input").GetString()!);
}
