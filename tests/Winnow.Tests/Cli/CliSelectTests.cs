using System.Text.Json;
using Winnow.Pipeline;

namespace Winnow.Tests.Cli;

public sealed class CliSelectTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-select-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Demo(int rows)
    {
        var path = Path.Combine(_dir, "demo.json");
        DemoDataset.Write(path, rows, seed: 3);
        return path;
    }

    [Fact]
    public void SameInputsAndSeedGiveByteIdenticalOutputs()
    {
        var data = Demo(400);
        var recipe = CliRunner.TopKRecipe(_dir);
        var first = Path.Combine(_dir, "a.json");
        var second = Path.Combine(_dir, "b.json");
        Assert.Equal(0, CliRunner.Run("select", data, "-n", "40", "-o", first, "--recipe", recipe, "--on-error", "skip").ExitCode);
        Assert.Equal(0, CliRunner.Run("select", data, "-n", "40", "-o", second, "--recipe", recipe, "--on-error", "skip").ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(File.ReadAllBytes(first + ".decisions.jsonl"), File.ReadAllBytes(second + ".decisions.jsonl"));
        Assert.Equal(File.ReadAllBytes(first + ".scores.jsonl"), File.ReadAllBytes(second + ".scores.jsonl"));
        Assert.Equal(40, JsonDocument.Parse(File.ReadAllBytes(first)).RootElement.GetArrayLength());
        Assert.Equal(400, File.ReadAllLines(first + ".decisions.jsonl").Length);
    }

    [Fact]
    public void ReRunReusesTheScoreFile()
    {
        var data = Demo(200);
        var output = Path.Combine(_dir, "s.json");
        var recipe = CliRunner.TopKRecipe(_dir);
        CliRunner.Run("select", data, "-n", "10", "-o", output, "--recipe", recipe, "--on-error", "skip");
        var again = CliRunner.Run("select", data, "-n", "20", "-o", output, "--recipe", recipe, "--on-error", "skip");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 new", again.Output);
    }

    [Fact]
    public void ShardedScoringMergesToTheUnshardedFile()
    {
        var data = Demo(300);
        var whole = Path.Combine(_dir, "whole.jsonl");
        Assert.Equal(0, CliRunner.Run("score", data, "-s", "lexical.ttr", "-o", whole, "--on-error", "skip").ExitCode);
        var sharded = Path.Combine(_dir, "sharded.jsonl");
        Assert.Equal(0, CliRunner.Run("score", data, "-s", "lexical.ttr", "-o", sharded, "--on-error", "skip", "--shard", "0/2").ExitCode);
        var early = CliRunner.Run("merge", sharded, "--shards", "2");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("1/2", early.Error);
        Assert.Equal(0, CliRunner.Run("score", data, "-s", "lexical.ttr", "-o", sharded, "--on-error", "skip", "--shard", "1/2").ExitCode);
        Assert.Equal(0, CliRunner.Run("merge", sharded, "--shards", "2").ExitCode);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(sharded));
    }

    [Fact]
    public void ScarPreFiltersSetRowsAsideWithTheirReasonInTheDecisions()
    {
        var answer = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"step{(char)('a' + i % 26)}{(char)('a' + i / 26)}"));
        var data = Path.Combine(_dir, "scar.jsonl");
        File.WriteAllLines(data,
        [
            """{"instruction":"List the steps","output":"ANSWER"}""".Replace("ANSWER", answer),
            """{"instruction":"Say hello in Japanese","output":"こんにちは、世界の皆さん"}""",
            """{"instruction":"List the steps","output":"ANSWER again"}""".Replace("ANSWER", answer),
            """{"instruction":"Name a colour","output":"Blue is a colour of the sky on a clear day."}""",
        ]);
        var recipe = Path.Combine(_dir, "scar-prefilters.yaml");
        File.WriteAllText(recipe, """
            name: scar-prefilters
            filters:
              - name: language-check
                params: { min_share: 0.7 }
              - name: near-dedup
                params: { threshold: 0.5 }
            scorers: [{ name: lexical.length }]
            selector: { name: top-k, params: { column: lexical.length.length_words } }
            """);
        var output = Path.Combine(_dir, "scar-out.jsonl");
        var result = CliRunner.Run("select", data, "-n", "10", "-o", output, "--recipe", recipe);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"filter language-check +1  set aside as 'language' of 4 rows in", result.Output);
        Assert.Matches(@"filter near-dedup +1  set aside as 'near-duplicate' of 3 rows in", result.Output);
        var filters = JsonDocument.Parse(File.ReadAllText(output + ".report.json")).RootElement.GetProperty("filters");
        Assert.Equal(["language-check 4 3 1", "near-dedup 3 2 1"], filters.EnumerateArray()
            .Select(f => $"{f.GetProperty("name").GetString()} {f.GetProperty("rows_in").GetInt64()} {f.GetProperty("rows_out").GetInt64()} {f.GetProperty("set_aside").GetInt64()}"));
        var log = JsonDocument.Parse(File.ReadAllText(output + ".run.json")).RootElement.GetProperty("filters");
        Assert.Equal(["language-check", "near-dedup"], log.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var statuses = File.ReadAllLines(output + ".decisions.jsonl").Select(l => JsonDocument.Parse(l).RootElement.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["selected", "language", "near-duplicate", "selected"], statuses);
    }

    [Fact]
    public void ARecipeWithoutScorersSelectsWithoutAScoreFile()
    {
        var data = Demo(100);
        var recipe = Path.Combine(_dir, "random.yaml");
        File.WriteAllText(recipe, "name: random-only\nselector: {name: random}\n");
        var output = Path.Combine(_dir, "random.json");
        var result = CliRunner.Run("select", data, "-n", "10", "-o", output, "--recipe", recipe, "--on-error", "skip");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(10, JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetArrayLength());
        Assert.False(File.Exists(output + ".scores.jsonl"));
    }

    /// <summary>
    /// Kill -9 in the middle of scoring, then the same command again: every output file ends byte-identical to an
    /// uninterrupted run's. The kill is checked to have landed mid-run (no completion marker yet).
    /// </summary>
    [Fact]
    public void KillNineMidRunThenResumeGivesTheUninterruptedOutput()
    {
        var data = Demo(20000);
        var recipe = CliRunner.TopKRecipe(_dir);
        string[] Args(string output) => ["select", data, "-n", "500", "-o", output, "--recipe", recipe, "--on-error", "skip", "--batch-size", "32"];

        var reference = Path.Combine(_dir, "reference.json");
        Assert.Equal(0, CliRunner.Run(Args(reference)).ExitCode);

        var resumed = Path.Combine(_dir, "resumed.json");
        var scores = resumed + ".scores.jsonl";
        using (var process = CliRunner.Start(Args(resumed)))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!process.HasExited && DateTime.UtcNow < deadline && (!File.Exists(scores) || new FileInfo(scores).Length < 4096))
                Thread.Sleep(5);
            Assert.False(process.HasExited, "the run finished before it could be killed; the kill test needs a slower run");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Assert.False(File.Exists(ShardFiles.MarkerPath(scores, ShardSpec.Whole)), "the kill landed after scoring completed");
        Assert.False(File.Exists(resumed));

        var rerun = CliRunner.Run(Args(resumed));
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("reused", rerun.Output);
        foreach (var suffix in new[] { "", ".scores.jsonl", ".decisions.jsonl", ".rejects.jsonl" })
            Assert.True(File.ReadAllBytes(reference + suffix).AsSpan().SequenceEqual(File.ReadAllBytes(resumed + suffix)), $"{suffix} differs after resume");
        // The report names its own output file; apart from that name it must match too.
        Assert.Equal(File.ReadAllText(reference + ".report.json"), File.ReadAllText(resumed + ".report.json").Replace("resumed.json", "reference.json"));
    }
}

public sealed class CliDemoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DemoRunsTheDefaultAndNeverSelectsBothCopiesOfAPlantedDuplicate()
    {
        var result = CliRunner.Run("demo", "--dir", _dir, "--rows", "600", "--budget", "60");
        Assert.Equal(0, result.ExitCode);
        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "demo.planted.json"))).RootElement;
        var selected = File.ReadAllLines(Path.Combine(_dir, "subset.json.decisions.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(d => d.GetProperty("status").GetString() == "selected")
            .Select(d => d.GetProperty("index").GetInt64())
            .ToHashSet();
        Assert.Equal(60, selected.Count);
        var pairs = manifest.GetProperty("exact_duplicates").EnumerateArray().Select(p => (p[0].GetInt64(), p[1].GetInt64())).ToList();
        Assert.NotEmpty(pairs);
        Assert.DoesNotContain(pairs, p => selected.Contains(p.Item1) && selected.Contains(p.Item2));
        Assert.DoesNotContain(manifest.GetProperty("empty_answers").EnumerateArray().Select(e => e.GetInt64()), selected.Contains);
        Assert.Contains("both copies selected: 0 of", result.Output);
    }
}
