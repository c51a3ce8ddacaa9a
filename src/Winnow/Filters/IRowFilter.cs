namespace Winnow.Filters;

/// <summary>
/// A row filter: a step before scoring that sets rows aside, each with the filter's decision <see cref="Code"/> (the
/// decisions file's <c>status</c>) and a detail saying why. Filters run in recipe order, each seeing only the rows the
/// earlier ones kept. A filter is either streaming (<see cref="IStreamingRowFilter"/>: decides row by row, so several
/// share one read of the pool) or pool-calibrated (<see cref="IPoolRowFilter"/>: decides from the whole pool it sees).
/// </summary>
public interface IRowFilter
{
    /// <summary>The registry name.</summary>
    string Name { get; }

    /// <summary>The decision code of the rows it sets aside.</summary>
    string Code { get; }

    /// <summary>Its effective parameters, for the report's provenance.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>What it sets aside, in one line for the plan (<c>select --dry-run</c>).</summary>
    string Describe();
}

/// <summary>A filter that decides each row when it sees it, in pool order (it may remember earlier rows, as deduplication does).</summary>
public interface IStreamingRowFilter : IRowFilter
{
    /// <summary>Why <paramref name="row"/> is set aside, or null to keep it. Called once per row, in pool order.</summary>
    string? Check(Winnow.Data.Sample row);

    /// <summary>
    /// Whether <see cref="Check"/> looks at the row alone (no memory of earlier rows, no state it changes), so that
    /// rows may be checked on several cores at once: the chain then checks them a block at a time and keeps pool order
    /// in what it does with the answers.
    /// </summary>
    bool ChecksRowAlone => false;

    /// <summary>
    /// Called once the filter has checked every row of the pass: it drops what it remembers of earlier rows (a
    /// deduplicator's tables grow with the pool and are of no use once its decisions are made).
    /// </summary>
    void Forget()
    {
    }
}

/// <summary>A filter calibrated on the pool it sees (a threshold from the pool's own distribution): it reads the rows in whole passes.</summary>
public interface IPoolRowFilter : IRowFilter
{
    /// <summary>
    /// The rows of <paramref name="rows"/> to set aside, each with its detail. Each call of <paramref name="rows"/> is one
    /// pass over the rows that reach this filter; every pass it starts must be read to its end.
    /// </summary>
    IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Winnow.Data.Sample>> rows, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="Decide(Func{IEnumerable{Winnow.Data.Sample}}, CancellationToken)"/> with passes over some rows too:
    /// <paramref name="some"/> streams, in pool order, the rows reaching this filter whose indices it is given
    /// (ascending), and only those are parsed, so a pass that needs a few rows of a large pool costs little more than
    /// reading its bytes. It may not be the first pass. A filter that needs only whole passes keeps the default.
    /// </summary>
    IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Winnow.Data.Sample>> rows, Func<IReadOnlyList<long>, IEnumerable<Winnow.Data.Sample>> some, CancellationToken cancellationToken) =>
        Decide(rows, cancellationToken);

    /// <summary>A <c>some</c> for <see cref="Decide(Func{IEnumerable{Winnow.Data.Sample}}, Func{IReadOnlyList{long}, IEnumerable{Winnow.Data.Sample}}, CancellationToken)"/> that takes its rows from a whole pass.</summary>
    static Func<IReadOnlyList<long>, IEnumerable<Winnow.Data.Sample>> FromWholePasses(Func<IEnumerable<Winnow.Data.Sample>> rows) =>
        indices =>
        {
            var wanted = indices.ToHashSet();
            return rows().Where(r => wanted.Contains(r.Index));
        };
}
