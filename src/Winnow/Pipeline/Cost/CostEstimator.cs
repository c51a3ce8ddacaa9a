using System.Diagnostics;
using System.Globalization;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Filters;
using Winnow.Scoring;

namespace Winnow.Pipeline.Cost;

/// <summary>
/// Sizes a compiled <see cref="RunPlan"/> before it runs. The pool is read and validated exactly as the run will (so row
/// counts and the read time are measured, not guessed); a seeded sample of the usable rows then goes through each
/// filter, each model scorer's tokenizer and the embedder, timed and scaled to the pool; each scorer is calibrated by
/// scoring sample rows with the configured backend (in process, or the server of the http backend, so a server's
/// measured rate is what counts), after one untimed warm-up call. Scoring time scales with tokens for scorers that count
/// them (<see cref="ITokenCountingScorer"/>), else with rows. Selection is not estimated: its cost depends on the
/// selector's algorithm, not on a per-row rate. Writes nothing.
/// </summary>
public static class CostEstimator
{
    /// <param name="startup">What starting the run costs before its first step (process start, model loading), which a run pays again; zero when unknown.</param>
    public static CostPlan Estimate(RunPlan plan, CostSettings settings, TimeCost startup, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.SampleRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.CalibrationRows, 1);
        var options = plan.Options;
        var started = Now();
        var pool = DatasetPool.Resolve(options.Inputs ?? [options.Input], options.Split, options.Read);
        // Fresh filters (they keep state, and the plan's own must stay untouched for its run); the leading ones run in the read, as in the run.
        var fresh = plan.NewFilters();
        var filters = fresh.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var chain = new FilterChain(fresh);
        var scan = PoolScan.Run(pool, options.Read, options.OnError, chain.CheckLeading, null, cancellationToken);
        var inRead = chain.Steps().Take(chain.LeadingCount).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var read = Since(started);
        var usable = scan.UsableIndices.Count;
        var sample = DrawSample(scan, pool, options.Read, settings.SampleRows, options.Seed);
        var scale = sample.Count == 0 ? 0 : (double)usable / sample.Count;

        var costs = new List<StepCost>();
        var kept = sample;
        foreach (var step in plan.Steps())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step.Kind)
            {
                case PlanStepKind.Read:
                    costs.Add(new StepCost(step, read, $"measured: this plan read and validated all {scan.TotalRows:N0} rows"));
                    break;
                case PlanStepKind.Filter when inRead.TryGetValue(step.Name, out var counted):
                    costs.Add(new StepCost(step, default(TimeCost), $"done during the read: sets aside {counted.SetAside:N0} of {counted.RowsIn:N0} rows ({counted.Seconds:0.00} s of the read)"));
                    break;
                case PlanStepKind.Filter:
                    var before = kept.Count;
                    var filtered = Timed(() => kept = Filter(filters[step.Name], kept, cancellationToken));
                    costs.Add(new StepCost(step, filtered * scale, $"{Scaled(sample.Count, usable)}: sets aside {before - kept.Count:N0} of {before:N0} sampled rows"));
                    break;
                case PlanStepKind.Score:
                    var scorer = plan.Scorers.First(s => s.Name == step.Name);
                    costs.Add(Score(step, scorer, kept, scale, read, settings, cancellationToken));
                    break;
                case PlanStepKind.Embed:
                    costs.Add(Embed(step, plan.Embedder!, kept, scale, sample.Count, usable, cancellationToken));
                    break;
                case PlanStepKind.Select:
                    costs.Add(new StepCost(step, null, "not estimated: a selector's cost follows its algorithm (k-means, greedy passes), not a per-row rate; no model runs here"));
                    break;
                case PlanStepKind.Write:
                    costs.Add(new StepCost(step, read * 2, "two passes over the pool at the measured read rate (the selected rows are copied by id; the selection's n-gram diversity)"));
                    break;
            }
        }
        var rowsAfterFilters = sample.Count == 0 ? 0 : (long)Math.Round(kept.Count * scale);
        var columns = plan.Scorers.Sum(s => s.Fields.Count);
        var memory = new MemoryCost(Environment.WorkingSet, rowsAfterFilters * columns * sizeof(double), rowsAfterFilters * (plan.Embedder?.Dim ?? 0) * 2L);
        return new CostPlan(scan.TotalRows, usable, rowsAfterFilters, sample.Count, options.Seed, startup, costs, memory, Since(started));
    }

    /// <summary>A seeded sample of the usable rows, in random order (so the first rows calibrated come from every source), read in one pass.</summary>
    public static List<Sample> DrawSample(PoolScan scan, DatasetPool pool, DatasetReadOptions read, int size, int seed)
    {
        var usable = scan.UsableIndices.Count;
        var positions = Enumerable.Range(0, usable).ToArray();
        var take = Math.Min(size, usable);
        new SeededRandom(seed).ShuffleFront(positions.AsSpan(), take);
        var order = new Dictionary<int, int>(take);
        for (var i = 0; i < take; i++)
            order[positions[i]] = i;
        var rows = new Sample[take];
        var position = 0;
        foreach (var row in scan.Rows(pool, read))
        {
            if (order.TryGetValue(position++, out var slot))
                rows[slot] = row;
        }
        return [.. rows];
    }

    /// <summary>The sampled rows <paramref name="filter"/> keeps (a pool-calibrated filter is calibrated on the sample).</summary>
    private static List<Sample> Filter(IRowFilter filter, List<Sample> rows, CancellationToken cancellationToken)
    {
        var setAside = filter switch
        {
            IStreamingRowFilter streaming => rows.Where(r => streaming.Check(r) is not null).Select(r => r.Index).ToHashSet(),
            IPoolRowFilter calibrated => calibrated.Decide(() => rows, cancellationToken).Select(d => d.Index).ToHashSet(),
            _ => throw new InvalidOperationException($"filter '{filter.Name}' is neither streaming nor pool-calibrated"),
        };
        return rows.Where(r => !setAside.Contains(r.Index)).ToList();
    }

    private static StepCost Score(PlanStep step, IScorer scorer, List<Sample> rows, double scale, TimeCost read, CostSettings settings, CancellationToken cancellationToken)
    {
        var fit = scorer is IPoolFittedScorer fitted ? Timed(() => fitted.Fit(rows, cancellationToken)) * scale : default;
        var tokens = scorer is ITokenCountingScorer counting ? Count(counting, rows, scale) : null;
        if (rows.Count == 0)
            return new StepCost(step, read + fit, "no sampled row reaches this step", tokens);
        // One untimed call of the calibration size first: the JIT's optimised code for the hot kernels, the model's
        // first touch of its weights, a server's connection. Then timed calls on the rows that follow.
        var warm = Math.Min(settings.CalibrationRows, rows.Count / 2);
        scorer.Score(rows.Take(Math.Max(1, warm)).ToList(), cancellationToken);
        var timed = rows.Count > 1 ? rows.Skip(warm).ToList() : rows;
        var calibrated = 0;
        long calibratedTokens = 0;
        var elapsed = default(TimeCost);
        while (calibrated < timed.Count && (calibrated == 0 || elapsed.Wall < settings.CalibrationSeconds))
        {
            var call = timed.Skip(calibrated).Take(settings.CalibrationRows).ToList();
            elapsed += Timed(() => scorer.Score(call, cancellationToken));
            calibrated += call.Count;
            if (scorer is ITokenCountingScorer counter)
                calibratedTokens += call.Sum(counter.CountTokens);
        }
        var backend = scorer.Settings.TryGetValue("backend", out var name) ? $"the {name} backend" : "this machine";
        TimeCost model;
        string rate;
        if (tokens is not null && calibratedTokens > 0)
        {
            model = elapsed * ((double)tokens.Tokens / calibratedTokens);
            rate = $"{calibratedTokens / elapsed.Wall:N0} tokens/s over {calibrated:N0} rows ({calibratedTokens:N0} tokens) on {backend}";
        }
        else
        {
            model = elapsed * (rows.Count * scale / calibrated);
            rate = $"{calibrated / elapsed.Wall:N1} rows/s over {calibrated:N0} rows on {backend}";
        }
        var fitNote = fit.Wall > 0 ? string.Create(CultureInfo.InvariantCulture, $" + fit on the pool {fit.Wall:0.0} s (timed on the sample, scaled)") : "";
        return new StepCost(step, read + fit + model, $"calibrated: {rate}; + one read pass{fitNote}", tokens);
    }

    private static TokenCount Count(ITokenCountingScorer scorer, List<Sample> rows, double scale)
    {
        long tokens = 0, refused = 0;
        var longest = 0;
        foreach (var row in rows)
        {
            var count = scorer.CountTokens(row);
            tokens += count;
            refused += count == 0 ? 1 : 0;
            longest = Math.Max(longest, count);
        }
        return new TokenCount((long)Math.Round(tokens * scale), (long)Math.Round(refused * scale), longest, rows.Count, scale == 1);
    }

    private static StepCost Embed(PlanStep step, IEmbedder embedder, List<Sample> rows, double scale, int sampled, int usable, CancellationToken cancellationToken)
    {
        var embedded = Timed(() => SelectPipeline.Embed(embedder, () => rows, rows.Count, 256, null, cancellationToken));
        return new StepCost(step, embedded * scale, $"{Scaled(sampled, usable)}: fitted and embedded {rows.Count:N0} sampled rows");
    }

    private static string Scaled(int sampled, int usable) =>
        sampled == usable ? "measured on every usable row" : $"timed on {sampled:N0} sampled rows, scaled ×{(double)usable / sampled:0.#} to the pool";

    private static TimeCost Timed(Action action)
    {
        var start = Now();
        action();
        return Since(start);
    }

    /// <summary>Wall and CPU time since this process started: what a CLI run spends before its first step.</summary>
    public static TimeCost SinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return new TimeCost((DateTime.Now - process.StartTime).TotalSeconds, process.TotalProcessorTime.TotalSeconds);
    }

    private static TimeCost Now()
    {
        using var process = Process.GetCurrentProcess();
        return new TimeCost(Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency, process.TotalProcessorTime.TotalSeconds);
    }

    private static TimeCost Since(TimeCost start)
    {
        var now = Now();
        return new TimeCost(now.Wall - start.Wall, now.Cpu - start.Cpu);
    }
}
