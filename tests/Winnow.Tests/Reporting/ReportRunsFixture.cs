using Winnow.Pipeline;
using Winnow.Tests.Cli;

namespace Winnow.Tests.Reporting;

/// <summary>
/// Two finished selections of one 300-row demo pool (the default CaR recipe and random), and the HTML report
/// comparing them, built once for every report test.
/// </summary>
public sealed class ReportRunsFixture : IDisposable
{
    public ReportRunsFixture()
    {
        Input = Path.Combine(Dir, "pool.json");
        DemoDataset.Write(Input, 300, seed: 5);
        Car = Path.Combine(Dir, "car.json");
        Random = Path.Combine(Dir, "random.json");
        Report = Path.Combine(Dir, "report.html");
        Check(CliRunner.Run("select", Input, "-n", "30", "-o", Car, "--on-error", "skip"));
        Check(CliRunner.Run("select", Input, "-n", "30", "-o", Random, "--on-error", "skip", "--selector", "random", "--scores", Car + ".scores.jsonl"));
        ReportRun = CliRunner.Run("report", Car, Random, "-o", Report);
        Check(ReportRun);
        Html = File.ReadAllText(Report);
    }

    public string Dir { get; } = Directory.CreateTempSubdirectory("winnow-report-").FullName;

    public string Input { get; }

    public string Car { get; }

    public string Random { get; }

    public string Report { get; }

    public string Html { get; }

    public CliRunner.Result ReportRun { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    private static void Check(CliRunner.Result result)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"winnow exited {result.ExitCode}: {result.Error}");
    }
}

/// <summary>Shares one <see cref="ReportRunsFixture"/> between the CLI and browser report tests.</summary>
[CollectionDefinition(Name)]
public sealed class ReportRunsCollection : ICollectionFixture<ReportRunsFixture>
{
    public const string Name = "report runs";
}
