namespace Winnow.Pipeline.Cost;

/// <summary>How big a sample <c>winnow plan</c> reads and how long it calibrates each step.</summary>
/// <param name="SampleRows">Rows drawn (seeded) from the usable pool for token counts, filters and embedding; the whole pool when it is this small or smaller.</param>
/// <param name="CalibrationRows">Rows per timed scoring call; calibration runs at least one such call.</param>
/// <param name="CalibrationSeconds">Timed scoring continues in calls of <paramref name="CalibrationRows"/> until this long has passed or the sample is used up.</param>
public sealed record CostSettings(int SampleRows = 2000, int CalibrationRows = 32, double CalibrationSeconds = 2.0);

/// <summary>
/// Tokens a model scorer will run over the pool, from its own tokenizer and truncation rules: counted on every row when
/// the pool is no larger than the sample (<see cref="Exact"/>), else counted on the sample and scaled to the pool.
/// </summary>
/// <param name="Tokens">All sequences' tokens over the rows the run will score.</param>
/// <param name="RowsRefused">Rows the scorer refuses before running the model (empty response, no room after truncation); they cost nothing.</param>
/// <param name="LongestRow">Most tokens of one sampled row (all its passes).</param>
/// <param name="CountedRows">Rows whose tokens were counted.</param>
public sealed record TokenCount(long Tokens, long RowsRefused, int LongestRow, int CountedRows, bool Exact);

/// <summary>
/// Wall-clock and CPU seconds (all of this process's threads). Both are estimated because a shared machine's wall time
/// depends on what else runs: CPU time is the figure to compare between a plan and its run when the load changes.
/// </summary>
public readonly record struct TimeCost(double Wall, double Cpu)
{
    public static TimeCost operator +(TimeCost a, TimeCost b) => new(a.Wall + b.Wall, a.Cpu + b.Cpu);

    public static TimeCost operator *(TimeCost a, double factor) => new(a.Wall * factor, a.Cpu * factor);
}

/// <summary>One step's estimated time (null when not estimated) and how it was obtained, in words.</summary>
public sealed record StepCost(PlanStep Step, TimeCost? Time, string Basis, TokenCount? Tokens = null);

/// <summary>
/// Memory the run will need at its peak: what this process holds after loading every model and calibrating (runtime,
/// model weights, the pool's row bookkeeping, the backend's working buffers), plus what the run adds per usable row and
/// this plan did not build: the score table and the embedding matrix.
/// </summary>
public sealed record MemoryCost(long MeasuredBytes, long ScoreTableBytes, long EmbeddingBytes)
{
    public long TotalBytes => MeasuredBytes + ScoreTableBytes + EmbeddingBytes;
}

/// <summary>What <c>winnow plan</c> (and <c>select --dry-run</c>) reports before a run: its steps with time estimates, token counts and memory.</summary>
/// <param name="PoolRows">Rows in the input.</param>
/// <param name="UsableRows">Rows left after validation and exact dedup (counted, not estimated).</param>
/// <param name="RowsAfterFilters">Rows expected to reach the scorers: <paramref name="UsableRows"/> less what the row filters set aside (in the read, or on the sample).</param>
/// <param name="SampledRows">Rows in the seeded sample (all usable rows for a small pool).</param>
/// <param name="Startup">Starting the process and loading every model, as measured by the caller (the CLI: from process start to planning), or zero.</param>
/// <param name="PlanTime">How long making this plan took.</param>
public sealed record CostPlan(long PoolRows, long UsableRows, long RowsAfterFilters, int SampledRows, int Seed, TimeCost Startup, IReadOnlyList<StepCost> Steps, MemoryCost Memory, TimeCost PlanTime)
{
    /// <summary>The sample is the whole usable pool, so every count is exact.</summary>
    public bool WholePool => SampledRows == UsableRows;

    /// <summary>Start-up plus the steps that have an estimate.</summary>
    public TimeCost Estimated => Steps.Aggregate(Startup, (sum, s) => sum + (s.Time ?? default));
}
