namespace Winnow.Filters;

/// <summary>
/// Everything one pool-calibrated step of a <see cref="FilterChain"/> produced, kept so that a re-run reaching the same
/// step with the same rows loads it instead of running the filter again: the rows set aside in the step (by the
/// streaming filters applied during its first pass and by the pool filter), each with its code and detail, and each of
/// those filters' counters, time and, for a selection gate, the rows it gated. <see cref="Key"/> names the chain, the
/// position and the rows entering the step (<see cref="FilterCheckpoints.Key"/>); nothing else is trusted.
/// </summary>
public sealed record FilterCheckpoint(string Key, IReadOnlyList<FilterCheckpoint.Step> Steps, IReadOnlyList<FilterCheckpoint.Decision> SetAside)
{
    /// <summary>
    /// One filter of the step, in chain order (the pending streaming filters, then the pool filter): what the report's
    /// filter table shows, and the rows it gated when it is an <see cref="ISelectionGate"/> (null when it is not).
    /// </summary>
    public sealed record Step(string Name, long RowsIn, long SetAside, double Seconds, IReadOnlyList<KeyValuePair<long, string>>? Unselectable);

    /// <summary>A row set aside in the step: its source index, the filter's code and the detail.</summary>
    public readonly record struct Decision(long Index, string Code, string Detail);
}
