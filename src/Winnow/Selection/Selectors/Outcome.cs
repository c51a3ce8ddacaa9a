using System.Globalization;

namespace Winnow.Selection.Selectors;

/// <summary>
/// Collects picks (in output order) and rejections while a selector runs, and closes the result by giving every
/// row not yet decided one final reason, so that each pool row is accounted for exactly once.
/// </summary>
internal sealed class Outcome
{
    private readonly List<Pick> _picks = [];
    private readonly string?[] _rejections;
    private readonly bool[] _picked;

    public Outcome(int rows, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        _rejections = new string?[rows];
        _picked = new bool[rows];
        Budget = budget;
    }

    public int Budget { get; }

    public int PickedCount => _picks.Count;

    public bool Full => _picks.Count >= Budget;

    public bool IsDecided(int row) => _picked[row] || _rejections[row] is not null;

    /// <summary>Picks <paramref name="row"/>; <paramref name="covers"/>: chosen for coverage (<see cref="Winnow.Selection.Pick.Covers"/>).</summary>
    public void Pick(int row, string reason, bool covers = false)
    {
        if (IsDecided(row))
            throw new InvalidOperationException($"row {row} was already decided");
        if (Full)
            throw new InvalidOperationException($"budget {Budget} is already used");
        _picked[row] = true;
        _picks.Add(new Pick(row, _picks.Count, reason) { Covers = covers });
    }

    /// <summary>Marks the picks of <paramref name="rows"/> as chosen for coverage (known only once the selector has seen more rows).</summary>
    public void MarkCovering(IReadOnlySet<int> rows)
    {
        for (var i = 0; i < _picks.Count; i++)
        {
            if (rows.Contains(_picks[i].Row))
                _picks[i] = _picks[i] with { Covers = true };
        }
    }

    public void Reject(int row, string reason)
    {
        if (IsDecided(row))
            throw new InvalidOperationException($"row {row} was already decided");
        _rejections[row] = reason;
    }

    /// <summary>Rejects every undecided row with <paramref name="reason"/> and returns the result (rejections in row order).</summary>
    public SelectionResult Finish(Func<int, string> reason)
    {
        var rejected = new List<Rejection>(_rejections.Length - _picks.Count);
        for (var row = 0; row < _rejections.Length; row++)
        {
            if (!_picked[row])
                rejected.Add(new Rejection(row, _rejections[row] ?? reason(row)));
        }
        return new SelectionResult(_picks, rejected);
    }

    /// <summary>Re-orders the picks (e.g. back into dataset order) and renumbers their ranks.</summary>
    public void ReorderPicks(Comparison<Pick> comparison)
    {
        _picks.Sort(comparison);
        for (var i = 0; i < _picks.Count; i++)
            _picks[i] = _picks[i] with { Rank = i };
    }

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
