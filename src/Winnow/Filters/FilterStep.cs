namespace Winnow.Filters;

/// <summary>What one filter step of a run did: the rows that reached it, the rows it set aside under its code, and its time.</summary>
public sealed record FilterStep(string Name, string Code, IReadOnlyDictionary<string, string> Settings, long RowsIn, long SetAside, double Seconds)
{
    public long RowsOut => RowsIn - SetAside;

    /// <summary>Whether this run loaded the step from a filter checkpoint (<see cref="FilterCheckpoints"/>); <see cref="Seconds"/> is then the time of the run that saved it.</summary>
    public bool FromCheckpoint { get; init; }
}
