using System.CommandLine;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary>
/// <c>winnow demo</c>: writes a synthetic dataset with planted defects, runs the built-in default selection on
/// it, and checks the result against the plant list.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var directory = new Option<string>("--dir") { Description = "Folder for the demo files.", DefaultValueFactory = _ => "winnow-demo" };
        var rows = new Option<int>("--rows") { Description = "Rows to generate.", DefaultValueFactory = _ => 2000 };
        var budget = new Option<int>("--budget", "-n") { Description = "Rows to select.", DefaultValueFactory = _ => 200 };
        var seed = CommonOptions.Seed();
        var command = new Command("demo", """
            Make a synthetic Alpaca dataset (templated tasks with planted exact duplicates, empty answers and mismatched
            answers), select from it with the built-in default, and check the planted defects against the selection.
            Example:
              winnow demo --dir winnow-demo --rows 2000 --budget 200
            """)
        {
            directory, rows, budget, seed,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var folder = parse.GetValue(directory)!;
            Directory.CreateDirectory(folder);
            var dataset = Path.Combine(folder, "demo.json");
            var manifest = DemoDataset.Write(dataset, parse.GetValue(rows), parse.GetValue(seed));
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"wrote {manifest.Rows:N0} rows to {dataset} (planted: {manifest.ExactDuplicates.Count} exact duplicates, {manifest.EmptyAnswers.Count} empty answers, {manifest.MismatchedPairs.Count} mismatched pairs; list in {DemoDataset.ManifestPath(dataset)})");
            var staleScores = Path.Combine(folder, "subset.json.scores.jsonl");
            if (File.Exists(staleScores))
            {
                // The demo regenerates its data on every run, so an earlier run's scores are not worth resuming.
                File.Delete(staleScores);
                File.Delete(Path.ChangeExtension(staleScores, ".done"));
                output.WriteLine($"removed the previous demo run's score file {staleScores}");
            }
            var recipe = Catalog.DefaultRecipe();
            var options = new SelectOptions
            {
                Input = dataset,
                Output = Path.Combine(folder, "subset.json"),
                Budget = parse.GetValue(budget),
                OnError = OnErrorPolicy.Skip,
                Seed = parse.GetValue(seed),
            };
            var summary = SelectRunner.Run(RunPlan.Compile(recipe, options), cancellationToken);
            var html = Path.Combine(folder, "report.html");
            SelectRunner.WriteHtmlReport(options, html, cancellationToken);
            SelectRunner.PrintSummary(output, options, summary, html);
            var check = DemoCheck.Evaluate(manifest, summary);
            foreach (var line in check.Lines)
                output.WriteLine(line);
            return Task.FromResult(check.Passed ? ExitCodes.Ok : ExitCodes.RuntimeError);
        });
        return command;
    }
}
