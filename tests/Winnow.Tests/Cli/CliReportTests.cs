using System.Text.Json;
using System.Text.RegularExpressions;
using Winnow.Reporting;
using Winnow.Reporting.Html;
using Winnow.Tests.Reporting;

namespace Winnow.Tests.Cli;

[Collection(ReportRunsCollection.Name)]
public sealed partial class CliReportTests(ReportRunsFixture runs)
{
    [Fact]
    public void ReportHasEverySectionAndFetchesNothing()
    {
        foreach (var id in HtmlReport.SectionIds)
            Assert.Contains($"<section id=\"{id}\">", runs.Html);
        // Self-contained: no element loads anything by URL (links inside the page are fragments).
        Assert.DoesNotMatch(ExternalReference(), runs.Html);
        Assert.Contains("report of 2 selection(s) over", runs.ReportRun.Output);
    }

    [Fact]
    public void SelectKeepsEmbeddingsAndRunLogForReports()
    {
        var log = JsonDocument.Parse(File.ReadAllText(runs.Car + ".run.json")).RootElement;
        Assert.Equal(Path.GetFullPath(runs.Input), log.GetProperty("input_path").GetString());
        var steps = log.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        // The default recipe's steps in the order they ran (the leading filters run inside the read; pool fits sit
        // between steps); the log is published with the run's other files, so the publish itself is not in it.
        Assert.Equal("read", steps[0]);
        string[] expected = ["filter response-fit", "score quality", "embed hashed-tfidf", "select car", "write", "report"];
        Assert.DoesNotContain("publish", steps);
        Assert.StartsWith("read ", log.GetProperty("plan")[0].GetString());
        Assert.Equal(expected, steps.Where(expected.Contains).Distinct().ToList());
        var usable = File.ReadLines(runs.Car + ".decisions.jsonl").Count(l => l.Contains("\"status\":\"selected\"") || l.Contains("\"status\":\"rejected\""));
        var embeddings = Winnow.Store.EmbeddingFile.Read(runs.Car + ".embeddings.f16");
        Assert.Equal(usable, embeddings.Rows);
        Assert.Equal(256, embeddings.Dim);
    }

    [Fact]
    public void JaccardInThePageMatchesTheDecisionFiles()
    {
        static HashSet<long> Chosen(string output) => File.ReadLines(output + ".decisions.jsonl")
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("status").GetString() == "selected")
            .Select(e => e.GetProperty("index").GetInt64()).ToHashSet();
        var car = Chosen(runs.Car);
        var random = Chosen(runs.Random);
        var expected = (double)car.Intersect(random).Count() / car.Union(random).Count();
        Assert.Contains($"<td class=\"num\">{expected:0.000}</td>", runs.Html);
        Assert.Contains($"Only car.json picked {car.Except(random).Count()} rows", runs.Html);
    }

    [Fact]
    public void SelectWithReportWritesThePageAndPointsAtIt()
    {
        var output = Path.Combine(runs.Dir, "with-report.json");
        var page = Path.Combine(runs.Dir, "with-report.html");
        var result = CliRunner.Run("select", runs.Input, "-n", "20", "-o", output, "--on-error", "skip", "--scores", runs.Car + ".scores.jsonl", "--report", page);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"report (open in a browser) → {page}", result.Output);
        Assert.Contains("what it means", result.Output);
        Assert.Contains("<section id=\"diversity\">", File.ReadAllText(page));
    }

    [Fact]
    public void RunWithoutItsLogNeedsTheInput()
    {
        var copy = Path.Combine(runs.Dir, "nolog.json");
        foreach (var suffix in new[] { "", ".decisions.jsonl", ".report.json" })
            File.Copy(runs.Car + suffix, copy + suffix, overwrite: true);
        var missing = CliRunner.Run("report", copy, "-o", Path.Combine(runs.Dir, "nolog.html"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("pass --input", missing.Error);
        var given = CliRunner.Run("report", copy, "--input", runs.Input, "-o", Path.Combine(runs.Dir, "nolog.html"));
        Assert.Equal(0, given.ExitCode);
        Assert.Contains("no run kept its embeddings", File.ReadAllText(Path.Combine(runs.Dir, "nolog.html")));
    }

    [Fact]
    public void ReportRefusesAnInputThatIsNotThePoolOfTheRun()
    {
        var other = Path.Combine(runs.Dir, "other.json");
        Winnow.Pipeline.DemoDataset.Write(other, 300, seed: 6);
        var result = CliRunner.Run("report", runs.Car, "--input", other, "-o", Path.Combine(runs.Dir, "other.html"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the runs must come from this input, unchanged", result.Error);
    }

    [Fact]
    public void MissingDecisionsFileIsNamed()
    {
        var result = CliRunner.Run("report", Path.Combine(runs.Dir, "absent.json"), "-o", Path.Combine(runs.Dir, "x.html"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("absent.json.decisions.jsonl does not exist", result.Error);
    }

    [GeneratedRegex(@"(src|href)\s*=\s*""(https?:|//)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
