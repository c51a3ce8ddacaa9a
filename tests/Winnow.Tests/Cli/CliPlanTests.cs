using Winnow.Tests.Data;

namespace Winnow.Tests.Cli;

public sealed class CliPlanTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DryRunPrintsThePlanAndWritesNothing()
    {
        var input = _dir.Write("data.json", """[{"instruction": "a", "output": "b"}]""");
        var output = _dir.File("out.json");
        var result = CliRunner.Run("select", input, "-n", "1", "-o", output, "--dry-run", "--set", "embedder.dim=64");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("embed hashed-tfidf (dim=64): reads the text chosen by 'text'; writes 64-d float16 embeddings → ", result.Output);
        Assert.Contains("estimated time: ", result.Output);
        Assert.Contains("select car: reads column quality.quality, embeddings; chooses at most 1 rows", result.Output);
        Assert.Equal(["data.json"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ABadSetIsAUsageErrorBeforeAnyRowIsRead()
    {
        var input = _dir.Write("data.json", """[{"instruction": "a", "output": "b"}]""");
        var result = CliRunner.Run("select", input, "-n", "1", "-o", _dir.File("out.json"), "--set", "selector.variance=2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("built-in default recipe:", result.Error);
        Assert.Contains("selector 'car': parameter 'variance' is '2', expected a number in (0, 1]", result.Error);
        Assert.False(File.Exists(_dir.File("out.json.scores.jsonl")));
    }
}
