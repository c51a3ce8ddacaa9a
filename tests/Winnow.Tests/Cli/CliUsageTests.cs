namespace Winnow.Tests.Cli;

public class CliUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("select", "--help")]
    [InlineData("score", "--help")]
    [InlineData("stats", "--help")]
    [InlineData("merge", "--help")]
    [InlineData("demo", "--help")]
    public void HelpExitsZeroWithExamples(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(args.Length == 1 ? "select" : "Example", result.Output);
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var result = CliRunner.Run("stats", "x.json", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error);
    }

    [Fact]
    public void MissingRequiredOptionIsAUsageError() => Assert.Equal(2, CliRunner.Run("select", "x.json", "-o", "y.json").ExitCode);

    [Fact]
    public void UnknownScorerAndParameterAreUsageErrorsNamingTheAlternatives()
    {
        var dir = Directory.CreateTempSubdirectory("winnow-cli-").FullName;
        var data = Path.Combine(dir, "d.jsonl");
        File.WriteAllText(data, "{\"instruction\":\"a\",\"output\":\"b\"}\n");
        var unknown = CliRunner.Run("score", data, "-s", "no-such-scorer", "-o", Path.Combine(dir, "s.jsonl"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("lexical.mtld", unknown.Error);
        var badParam = CliRunner.Run("score", data, "-s", "lexical.mtld", "--param", "thresold=0.7", "-o", Path.Combine(dir, "s.jsonl"));
        Assert.Equal(2, badParam.ExitCode);
        Assert.Contains("thresold", badParam.Error);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void MissingInputFileIsARuntimeError()
    {
        var result = CliRunner.Run("stats", "/nonexistent/data.json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("data.json", result.Error);
    }
}
