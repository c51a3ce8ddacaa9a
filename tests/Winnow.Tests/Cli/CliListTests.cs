using Winnow.Components;

namespace Winnow.Tests.Cli;

public sealed class CliListTests
{
    [Fact]
    public void ListPrintsEveryComponentWithItsParameters()
    {
        var result = CliRunner.Run("list");
        Assert.Equal(0, result.ExitCode);
        foreach (var component in Declared.All)
        {
            Assert.Contains($"  {component.Name,-24} {component.Description}", result.Output);
            foreach (var line in ComponentText.ParamLines(component))
                Assert.Contains("      " + line, result.Output);
        }
        Assert.Contains("      threshold  number in (0, 1); default 0.72. TTR at which a factor ends", result.Output);
    }

    [Fact]
    public void ListNamePrintsOneComponentInFull()
    {
        var result = CliRunner.Run("list", "car");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("car (selector)", result.Output);
        Assert.Contains("needs: embeddings (the recipe's embedder)", result.Output);
        Assert.Contains("    variance             number in (0, 1]; default 0.95. share of variance PCA keeps", result.Output);
        Assert.DoesNotContain("k-center", result.Output);
    }

    [Fact]
    public void ListOfAnUnknownNameIsAUsageError()
    {
        var result = CliRunner.Run("list", "kcenter");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no component is named 'kcenter'", result.Error);
    }

    [Fact]
    public void ListMarkdownIsTheDocsFile()
    {
        var result = CliRunner.Run("list", "--markdown");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ComponentText.Markdown(), result.Output);
    }
}
