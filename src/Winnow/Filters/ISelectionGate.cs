namespace Winnow.Filters;

/// <summary>
/// A filter that, besides the rows it sets aside, names rows it keeps in the pool but that the selection must not
/// pick: the evidence against them is too weak for a row decision (they still count for clustering, source shares
/// and the floor's pool) yet too strong for a row that stands in a small, best-of-the-pool selection. The pipeline
/// hides their scores from the selector and the source floor and gives each rejection the gate's reason.
/// </summary>
public interface ISelectionGate : IRowFilter
{
    /// <summary>The rows (source index) the selection must not pick, with why; filled by the filter's decision pass.</summary>
    IReadOnlyDictionary<long, string> Unselectable { get; }

    /// <summary>
    /// Sets <see cref="Unselectable"/> to the rows an earlier run's decision pass gated (read back from a
    /// <see cref="FilterCheckpoint"/>), in place of running that pass.
    /// </summary>
    void Restore(IEnumerable<KeyValuePair<long, string>> unselectable);
}
