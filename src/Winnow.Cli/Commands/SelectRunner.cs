using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary>Runs a compiled plan with console progress and prints its summary (shared by select and demo).</summary>
public static class SelectRunner
{
    public static SelectSummary Run(RunPlan plan, CancellationToken cancellationToken) =>
        ConsoleProgress.Run(progress => plan.Run(progress, cancellationToken));

    public static void PrintSummary(TextWriter output, SelectOptions options, SelectSummary summary)
    {
        var scan = summary.Scan;
        output.WriteLine($"read {scan.TotalRows:N0} rows: {scan.UsableIndices.Count:N0} usable, {scan.BadRows.Count:N0} bad, {scan.ExactDuplicates.Count:N0} exact duplicates set aside"
            + (scan.Filtered.Count > 0 ? $", {scan.Filtered.Count:N0} set aside by pre-filters" : ""));
        foreach (var score in summary.Scores)
            output.WriteLine($"scored {score.Scorer}: {score.Scored:N0} new, {score.AlreadyDone:N0} reused, {score.Failed:N0} failed");
        output.WriteLine($"selected {summary.Selection.Selected.Count:N0} of {scan.UsableIndices.Count:N0} rows → {options.Output}");
        if (scan.BadRows.Count > 0)
            output.WriteLine($"rejected rows with reasons → {options.EffectiveRejectsPath}");
        output.WriteLine($"decisions → {options.DecisionsPath}; report → {options.ReportPath}");
        if (summary.Report.DiversitySelected is { } selected && summary.Report.DiversityPool is { } pool)
        {
            foreach (var (metric, value) in selected)
                output.WriteLine($"  {metric}: selected {value:G4} (pool {pool.GetValueOrDefault(metric, double.NaN):G4})");
        }
    }
}
