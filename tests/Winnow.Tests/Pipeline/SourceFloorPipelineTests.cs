using System.Text.Json;
using Winnow.Pipeline;
using Winnow.Tests.Data;

namespace Winnow.Tests.Pipeline;

/// <summary>The source floor as a recipe step: its rows carry the floor's reason in the decisions file, and the report's per-source table shows what named decisions removed and what the floor did.</summary>
public sealed class SourceFloorPipelineTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AShortAnswerSourceKeepsItsFloorAndTheReportSaysWhy()
    {
        // long.jsonl: 8 rows of 2–9 words; short.jsonl: 4 one-word answers plus an exact copy of its first row.
        var longRows = string.Join("\n", Enumerable.Range(0, 8).Select(i => $$"""{"instruction": "Explain topic {{i}}", "output": "{{string.Join(' ', Enumerable.Repeat("word", i + 2))}}"}"""));
        var shortRows = string.Join("\n", new[] { "a", "b", "c", "d", "a" }.Select(w => $$"""{"instruction": "Say {{w}}", "output": "{{w}}"}"""));
        var recipe = Recipe.Parse("""
            name: floor
            filters: [{name: exact-dedup}]
            source_floor: {}
            scorers:
              - name: lexical.length
            selector:
              name: top-k
              params: { column: lexical.length.length_words }
            """, "floor.yaml");
        var output = _dir.File("out.jsonl");
        var options = new SelectOptions
        {
            Input = _dir.Write("long.jsonl", longRows),
            Inputs = [_dir.File("long.jsonl"), _dir.Write("short.jsonl", shortRows)],
            Output = output,
            Budget = 6,
        };
        var summary = RunPlan.Compile(recipe, options).Run(null, CancellationToken.None);

        // 12 usable rows (8 + 4), the copy set aside. short.jsonl read 5 of 13 rows (38 %), so it is protected; its
        // floor is ⌈(1/3)·(4/12)·6⌉ = 1. top-k took long rows 7…2 (9…4 words); the floor swaps the lowest, row 2
        // (4 words), for short.jsonl's best row: all four have 1 word, so the first, pool row 8.
        Assert.Equal([7, 6, 5, 4, 3, 8], summary.Selection.Selected.Select(p => summary.Scan.UsableIndices[p.Row]));
        var decisions = File.ReadAllLines(options.DecisionsPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.StartsWith("source floor: best-ranked remaining row of short.jsonl by lexical.length.length_words (1)", decisions[8].GetProperty("reason").GetString());
        Assert.StartsWith("source floor: gave its place to row 8 of short.jsonl (was rank 5: ", decisions[2].GetProperty("reason").GetString());

        using var report = JsonDocument.Parse(File.ReadAllText(options.ReportPath));
        var sources = report.RootElement.EnumerateObject().Single(p => p.NameEquals("sources")).Value.EnumerateArray().ToList();
        var shortSource = sources.Single(s => s.GetProperty("source").GetString() == "short.jsonl");
        Assert.Equal(5, shortSource.GetProperty("read").GetInt32());
        Assert.Equal(4, shortSource.GetProperty("pool").GetInt32());
        Assert.Equal(1, shortSource.GetProperty("removed").GetProperty("duplicate").GetInt32());
        Assert.Equal(1, shortSource.GetProperty("floor").GetInt32());
        Assert.Equal(1, shortSource.GetProperty("floor_added").GetInt32());
        var longSource = sources.Single(s => s.GetProperty("source").GetString() == "long.jsonl");
        Assert.Equal(1, longSource.GetProperty("floor_replaced").GetInt32());
    }
}
