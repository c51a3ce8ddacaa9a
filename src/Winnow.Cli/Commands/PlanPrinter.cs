using System.Globalization;
using Winnow.Pipeline;
using Winnow.Pipeline.Cost;

namespace Winnow.Cli.Commands;

/// <summary>Prints a run plan with its cost estimate: each step's line, then its estimated time and how it was found, token counts, memory.</summary>
public static class PlanPrinter
{
    public static void Print(TextWriter output, RunPlan plan, CostPlan cost)
    {
        var sample = cost.WholePool
            ? "every usable row counted (the pool is within the sample size)"
            : $"a seeded sample of {cost.SampledRows:N0} rows (seed {cost.Seed}) counted and timed, scaled ×{(double)cost.UsableRows / cost.SampledRows:0.#} to the pool";
        output.WriteLine($"pool: {cost.PoolRows:N0} rows, {cost.UsableRows:N0} usable after validation and exact dedup, about {cost.RowsAfterFilters:N0} after the pre-filters; {sample}");
        output.WriteLine("start: the runtime, the recipe and every model loaded");
        output.WriteLine($"    {Duration(cost.Startup.Wall),-12} measured: this process until planning began (a run pays it again)");
        foreach (var step in cost.Steps)
        {
            output.WriteLine(step.Step.Text);
            output.WriteLine($"    {(step.Time is { } time ? Duration(time.Wall) : "—"),-12} {step.Basis}");
            if (step.Tokens is { } tokens)
                output.WriteLine($"    {"tokens",-12} {tokens.Tokens:N0} ({(tokens.Exact ? "exact count" : $"counted on {tokens.CountedRows:N0} sampled rows, scaled")}; longest row {tokens.LongestRow:N0}; {(tokens.Exact ? "" : "about ")}{tokens.RowsRefused:N0} rows refused before the model runs)");
        }
        var unestimated = cost.Steps.Count(s => s.Time is null);
        output.WriteLine($"estimated time: {Duration(cost.Estimated.Wall)} wall, {Duration(cost.Estimated.Cpu)} CPU{(unestimated > 0 ? $" (plus {unestimated} step{(unestimated > 1 ? "s" : "")} not estimated)" : "")}; wall time assumes the load this plan ran under");
        output.WriteLine($"memory at the peak: about {Bytes(cost.Memory.TotalBytes)} = {Bytes(cost.Memory.MeasuredBytes)} held now with every model loaded and calibrated"
            + $" + score table {Bytes(cost.Memory.ScoreTableBytes)} + embeddings {Bytes(cost.Memory.EmbeddingBytes)}");
        output.WriteLine($"plan made in {Duration(cost.PlanTime.Wall)}; nothing was written");
    }

    public static string Duration(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0.0 's'", CultureInfo.InvariantCulture),
        < 3600 => $"{(int)(seconds / 60)} min {(int)(seconds % 60)} s",
        _ => $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60)} min",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1 << 20 => (bytes / 1024.0).ToString("0.# 'KiB'", CultureInfo.InvariantCulture),
        < 1L << 30 => (bytes / 1048576.0).ToString("0.# 'MiB'", CultureInfo.InvariantCulture),
        _ => (bytes / 1073741824.0).ToString("0.## 'GiB'", CultureInfo.InvariantCulture),
    };
}
