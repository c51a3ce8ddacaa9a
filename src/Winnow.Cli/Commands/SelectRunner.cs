using System.Diagnostics;
using Winnow.Pipeline;
using Winnow.Reporting;
using Winnow.Reporting.Html;

namespace Winnow.Cli.Commands;

/// <summary>Runs a compiled plan with console progress and prints its summary (shared by select and demo).</summary>
public static class SelectRunner
{
    /// <summary>Runs the compiled plan with console progress (the run publishes its embeddings and run log with its other files).</summary>
    public static SelectSummary Run(RunPlan plan, CancellationToken cancellationToken) =>
        ConsoleProgress.Run(progress => plan.Run(progress, cancellationToken));

    /// <summary>Builds the HTML report of the run just finished (<c>select --report</c>, the demo) and returns how long it took.</summary>
    public static TimeSpan WriteHtmlReport(SelectOptions options, string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var model = ReportBuilder.Build([options.Output], options.Input, options.Read, options.Seed, cancellationToken);
        HtmlReport.Write(model, path);
        return clock.Elapsed;
    }

    /// <summary>A short table: each step's row count and what it means, the headline diversity figures, and where the files and the report are.</summary>
    public static void PrintSummary(TextWriter output, SelectOptions options, SelectSummary summary, string? htmlReport = null)
    {
        var scan = summary.Scan;
        void Row(string step, string count, string meaning) => output.WriteLine($"  {step,-28} {count,12}  {meaning}");
        output.WriteLine($"  {"step",-28} {"rows",12}  what it means");
        Row("read", $"{scan.TotalRows:N0}", $"rows in {Path.GetFileName(options.Input)}");
        if (scan.BadRows.Count > 0)
            Row("bad input", $"{scan.BadRows.Count:N0}", $"failed validation; each with file, line and field in {options.EffectiveRejectsPath}");
        foreach (var filter in summary.Filters)
            Row($"filter {filter.Name}", $"{filter.SetAside:N0}", $"set aside as '{filter.Code}' of {filter.RowsIn:N0} rows in, before scoring ({HumanNumber.Format(filter.Seconds)} s{(filter.FromCheckpoint ? ", loaded from its checkpoint" : "")})");
        foreach (var score in summary.Scores)
            Row($"scored {score.Scorer}", $"{score.Scored + score.AlreadyDone:N0}", $"{score.Scored:N0} new, {score.AlreadyDone:N0} reused from the score file{(score.FitSkipped ? ScoreRunSummary.FitSkippedNote : "")}, {score.Failed:N0} failed (no score, never a default)");
        // A scorer that may run another model than the one configured (quality's encoder fallback) says which ran and why.
        foreach (var scorer in summary.Report.Scorers.Where(s => s.Settings.ContainsKey("model_choice")))
            output.WriteLine($"  {scorer.Name} model: {scorer.Settings.GetValueOrDefault("model", "?")} — {scorer.Settings["model_choice"]}");
        Row("selected", $"{summary.Selection.Selected.Count:N0}", $"of {scan.UsableIndices.Count:N0} usable rows → {options.Output}");
        if (summary.Report.Sources is { Count: > 1 } sources)
        {
            foreach (var source in sources)
                Row($"source {source.Source}", $"{source.Selected:N0}", $"selected ({source.SelectedShare:P1}) of {source.Pool:N0} in the pool ({source.PoolShare:P1})");
        }
        if (summary.Report.DiversitySelected is { } selected && summary.Report.DiversityPool is { } pool)
        {
            foreach (var (metric, meaning) in Headline)
            {
                if (selected.TryGetValue(metric, out var value))
                    Row(metric, HumanNumber.Format(value), $"pool {HumanNumber.Format(pool.GetValueOrDefault(metric, double.NaN))}; {meaning}");
            }
        }
        output.WriteLine($"every row and why → {options.DecisionsPath}; counts, provenance, all diversity figures → {options.ReportPath}");
        output.WriteLine(htmlReport is null
            ? $"charts, alarms, random baselines: winnow report {options.Output} -o report.html"
            : $"report (open in a browser) → {htmlReport}");
    }

    /// <summary>What a shard run wrote, and what to run once every shard has finished.</summary>
    public static void PrintShardSummary(TextWriter output, ShardSummary summary)
    {
        output.WriteLine($"shard {summary.Shard}: {summary.Scan.UsableIndices.Count:N0} usable rows in the pool, {summary.Scan.UsableIndices.Count(summary.Shard.Owns):N0} in this shard");
        foreach (var s in summary.Scores)
            output.WriteLine($"  {s.Scorer}: {s.Scored:N0} scored, {s.AlreadyDone:N0} already done, {s.Failed:N0} failed → {s.ScorePath}");
        if (summary.EmbeddingsPath is { } path)
            output.WriteLine($"  embedded {summary.EmbeddedRows:N0} rows → {path}");
        output.WriteLine($"when every shard has finished: winnow merge on the score file and on the embeddings (--shards {summary.Shard.Count}), then the same select without --shard");
    }

    private static readonly (string Metric, string Meaning)[] Headline =
    [
        ("vendi_cosine", "effective number of distinct rows (higher = more varied)"),
        ("clusters_covered", "k-means clusters of the pool with a selected row (higher = wider coverage)"),
        ("mean_5nn_cosine_distance", "distance to the 5 nearest selected rows (low = near-duplicates)"),
    ];
}
