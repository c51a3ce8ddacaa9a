using Winnow.Data;

namespace Winnow.Pipeline.Filters;

/// <summary>
/// The default recipe's row decisions after deduplication: <see cref="DegeneracyFilter"/> (streaming, one row at a
/// time), then <see cref="MismatchFilter"/> calibrated on the rows the first one kept. Returns the rows set aside,
/// each with its code and reason, for the decisions file.
/// </summary>
public static class RowFilters
{
    public static IReadOnlyDictionary<long, (string Status, string Reason)> Run(Func<IEnumerable<Sample>> pool, DegeneracyFilter? degeneracy, MismatchFilter? mismatch, CancellationToken cancellationToken)
    {
        var setAside = new Dictionary<long, (string Status, string Reason)>();
        if (degeneracy is not null)
        {
            foreach (var row in pool())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (degeneracy.Check(row) is { } reason)
                    setAside[row.Index] = (DegeneracyFilter.Code, reason);
            }
        }
        if (mismatch is not null)
        {
            foreach (var (index, decision) in mismatch.Run(() => pool().Where(r => !setAside.ContainsKey(r.Index)), cancellationToken))
                setAside[index] = decision;
        }
        return setAside;
    }
}
