using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary>Builds a recipe's components and runs the selection pipeline with console progress (shared by select and demo).</summary>
public static class SelectRunner
{
    public static SelectSummary Run(SelectOptions options, Recipe recipe, CancellationToken cancellationToken)
    {
        var scorers = recipe.Scorers.Select(s => Catalog.Scorers.Create(s.Name, s.ToParameters("scorer"))).ToList();
        var embedder = recipe.Embedder is { } e ? Catalog.Embedders.Create(e.Name, e.ToParameters("embedder")) : null;
        var selector = Catalog.Selectors.Create(recipe.Selector.Name, recipe.Selector.ToParameters("selector"));
        return ConsoleProgress.Run(progress => SelectPipeline.Run(options, scorers, embedder, selector, progress, cancellationToken));
    }

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
        if (summary.Report.Sources is { Count: > 1 } sources)
        {
            foreach (var source in sources)
                output.WriteLine($"  {source.Source}: pool {source.Pool:N0} ({source.PoolShare:P1}), selected {source.Selected:N0} ({source.SelectedShare:P1})");
        }
        if (summary.Report.DiversitySelected is { } selected && summary.Report.DiversityPool is { } pool)
        {
            foreach (var (metric, value) in selected)
                output.WriteLine($"  {metric}: selected {HumanNumber.Format(value)} (pool {HumanNumber.Format(pool.GetValueOrDefault(metric, double.NaN))})");
        }
    }
}
