using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Winnow.Pipeline;

namespace Winnow.Tests.Cli;

/// <summary>A run's outputs as one unit: locks, publishing together, kill -9 at every stage, empty and broken inputs.</summary>
public sealed class CliRunOutputsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Data(int rows)
    {
        var path = Path.Combine(_dir, "data.json");
        if (!File.Exists(path))
            DemoDataset.Write(path, rows, seed: 5);
        return path;
    }

    /// <summary>Two scorers, one of which fails on short responses, so the marker's error count matters.</summary>
    private string Recipe()
    {
        var path = Path.Combine(_dir, "recipe.yaml");
        File.WriteAllText(path, """
            name: unit
            scorers:
              - name: default-quality
              - name: lexical.vocd
            embedder:
              name: hashed-tfidf
            selector:
              name: car
              params: { column: default-quality.quality }
            """);
        return path;
    }

    private string[] Args(string output) =>
        ["select", Data(400), "-n", "40", "-o", output, "--recipe", Recipe(), "--on-error", "skip", "--batch-size", "16"];

    /// <summary>Every file of a run folder by name, less the run log, which records wall-clock times by design.</summary>
    private static Dictionary<string, byte[]> Files(string directory) =>
        Directory.GetFiles(directory).Where(f => !f.EndsWith(".run.json", StringComparison.Ordinal)).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private static int RunKilledAt(string stage, string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Winnow.Cli.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["WINNOW_KILL_AT"] = stage;
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the killed run did not end");
        return process.ExitCode;
    }

    /// <summary>
    /// Kill -9 at the start of every stage of select (and part-way through scoring and publishing), then the same
    /// command again: the folder ends byte-identical to an uninterrupted run's, completion marker and report included,
    /// with no staged or temporary file left. Until the publish step the old state is untouched.
    /// </summary>
    [Theory]
    [InlineData("fit")]
    [InlineData("score default-quality@32")]
    [InlineData("score lexical.vocd")]
    [InlineData("embed")]
    [InlineData("select")]
    [InlineData("write")]
    [InlineData("report@1")]
    [InlineData("publish@1")]
    [InlineData("publish@3")]
    public void KillNineAtAnyStageThenReRunGivesTheUninterruptedFiles(string stage)
    {
        var reference = Directory.CreateDirectory(Path.Combine(_dir, "reference")).FullName;
        Assert.Equal(0, CliRunner.Run(Args(Path.Combine(reference, "out.json"))).ExitCode);

        var killed = Directory.CreateDirectory(Path.Combine(_dir, "killed")).FullName;
        var output = Path.Combine(killed, "out.json");
        Assert.NotEqual(0, RunKilledAt(stage, Args(output)));
        if (!stage.StartsWith("publish", StringComparison.Ordinal))
        {
            Assert.False(File.Exists(output), "a selection appeared before the publish step");
            Assert.False(File.Exists(output + ".report.json"), "a report appeared before the publish step");
        }

        var rerun = CliRunner.Run(Args(output));
        Assert.Equal(0, rerun.ExitCode);
        var expected = Files(reference);
        var actual = Files(killed);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs after a kill at '{stage}' and a re-run");
        var marker = JsonDocument.Parse(expected["out.json.scores.done"]).RootElement;
        Assert.True(marker.GetProperty("errors").GetInt64() > 0, "the recipe was meant to produce scorer errors");
    }

    /// <summary>
    /// The embeddings and the run log are published with the selection: a re-run with a recipe that does not embed
    /// leaves no embeddings of the earlier recipe beside its selection, and its run log is its own.
    /// </summary>
    [Fact]
    public void SidecarsArePublishedWithTheSelectionAndAStaleOneIsRemoved()
    {
        var output = Path.Combine(_dir, "out.json");
        Assert.Equal(0, CliRunner.Run(Args(output)).ExitCode);
        Assert.True(File.Exists(output + ".embeddings.f16"));
        var first = File.ReadAllText(output + ".run.json");

        var again = CliRunner.Run("select", Data(400), "-n", "40", "-o", output, "--recipe", CliRunner.TopKRecipe(_dir), "--on-error", "skip");
        Assert.Equal(0, again.ExitCode);
        Assert.False(File.Exists(output + ".embeddings.f16"), "the earlier recipe's embeddings stayed beside the new selection");
        var log = File.ReadAllText(output + ".run.json");
        Assert.NotEqual(first, log);
        Assert.Contains("select top-k", log);
        Assert.DoesNotContain(Directory.GetFiles(_dir), f => Path.GetFileName(f).StartsWith(".winnow-staged.", StringComparison.Ordinal));
    }

    [Fact]
    public void ASecondRunOnTheSameOutputFailsAtOnceAndTheFirstFinishesIntact()
    {
        var output = Path.Combine(_dir, "out.json");
        var big = Path.Combine(_dir, "big.json");
        DemoDataset.Write(big, 6000, seed: 2);
        string[] args = ["select", big, "-n", "100", "-o", output, "--recipe", CliRunner.TopKRecipe(_dir), "--on-error", "skip", "--batch-size", "16"];
        using var first = CliRunner.Start(args);
        var pidFile = RunLock.LockPath(output) + ".pid";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!first.HasExited && DateTime.UtcNow < deadline && !File.Exists(pidFile))
            Thread.Sleep(5);
        Assert.False(first.HasExited, "the first run ended before the second could try");

        var second = CliRunner.Run(args);
        Assert.False(first.HasExited, "the first run ended before the second was refused; the test needs a slower run");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"pid {first.Id}", second.Error);

        first.StandardOutput.ReadToEnd();
        first.StandardError.ReadToEnd();
        first.WaitForExit();
        Assert.Equal(0, first.ExitCode);
        var again = CliRunner.Run(args);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 new", again.Output);
        Assert.False(File.Exists(pidFile));
    }

    [Theory]
    [InlineData("empty.json", "[]")]
    [InlineData("empty.jsonl", "")]
    [InlineData("empty.jsonl.gz", null)]
    public void AnEmptyInputIsAnErrorUnlessAllowed(string name, string? text)
    {
        var path = Path.Combine(_dir, name);
        if (text is null)
        {
            using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        }
        else
        {
            File.WriteAllText(path, text);
        }
        var output = Path.Combine(_dir, "out.json");
        var refused = CliRunner.Run("select", path, "-n", "5", "-o", output);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("no rows", refused.Error);
        Assert.Contains("--allow-empty", refused.Error);
        Assert.False(File.Exists(output));

        var allowed = CliRunner.Run("select", path, "-n", "5", "-o", output, "--allow-empty");
        Assert.Equal(0, allowed.ExitCode);
        // Output keeps the input's layout: an empty JSON array, or an empty JSON-lines file.
        Assert.Equal(text == "[]" ? "[]" : "", File.ReadAllText(output).Trim());
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("skip")]
    public void ATruncatedGzipInputIsAFileErrorInEveryMode(string onError)
    {
        var whole = Path.Combine(_dir, "whole.jsonl.gz");
        using (var gzip = new GZipStream(File.Create(whole), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
        {
            foreach (var i in Enumerable.Range(0, 2000))
                writer.Write($"{{\"instruction\": \"Question {i}?\", \"output\": \"Answer {i * 31 % 997}.\"}}\n");
        }
        var bytes = File.ReadAllBytes(whole);
        var cut = Path.Combine(_dir, "cut.jsonl.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        var result = CliRunner.Run("select", cut, "-n", "5", "-o", Path.Combine(_dir, "out.json"), "--on-error", onError);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("truncated", result.Error);
        Assert.Contains("cut.jsonl.gz", result.Error);
    }

    [Fact]
    public void AFolderThatIsNoDatasetIsNamedAsOne()
    {
        // Dataset folders (save_to_disk, hub snapshots) are inputs; any other folder is a usage error that says why.
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "not-a-dataset")).FullName;
        var result = CliRunner.Run("select", folder, "-n", "5", "-o", Path.Combine(_dir, "out.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not-a-dataset holds no data files", result.Error);
    }

    /// <summary>Known failures of model folders: one line naming the file and the problem, exit 1, no stack trace.</summary>
    [SharedTheory]
    [InlineData("config.json", "bad-json")]
    [InlineData("config.json", "missing")]
    [InlineData("model.safetensors", "truncated")]
    [InlineData("tokenizer.json", "bad-json")]
    [InlineData("model.safetensors", "pickle-only")]
    public void ABrokenModelFolderIsOneClearLineNotAStackTrace(string file, string damage)
    {
        var model = Directory.CreateDirectory(Path.Combine(_dir, "model")).FullName;
        foreach (var source in Directory.GetFiles(TestPaths.Fixture("gpt2-tiny")))
            File.Copy(source, Path.Combine(model, Path.GetFileName(source)));
        var target = Path.Combine(model, file);
        switch (damage)
        {
            case "bad-json":
                File.WriteAllText(target, "{\"model_type\": ");
                break;
            case "missing":
                File.Delete(target);
                break;
            case "truncated":
                File.WriteAllBytes(target, File.ReadAllBytes(target)[..5000]);
                break;
            default:
                File.Move(target, Path.Combine(model, "pytorch_model.bin"));
                break;
        }
        var recipe = Path.Combine(_dir, "ppl.yaml");
        File.WriteAllText(recipe, $$"""
            name: ppl
            scorers:
              - name: perplexity
                params: { model: "{{model}}" }
            selector:
              name: top-k
              params: { column: perplexity.loss }
            """);
        var result = CliRunner.Run("select", Data(400), "-n", "5", "-o", Path.Combine(_dir, "out.json"), "--recipe", recipe, "--on-error", "skip");
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("unexpected error", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Contains(damage == "pickle-only" ? "pytorch_model.bin" : file, result.Error);
    }

    [Fact]
    public void DecisionRanksAreOneBased()
    {
        var output = Path.Combine(_dir, "out.json");
        Assert.Equal(0, CliRunner.Run(Args(output)).ExitCode);
        var ranks = File.ReadLines(output + ".decisions.jsonl")
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(d => d.TryGetProperty("rank", out _))
            .Select(d => d.GetProperty("rank").GetInt32())
            .Order()
            .ToList();
        Assert.Equal(Enumerable.Range(1, 40), ranks);
    }
}
