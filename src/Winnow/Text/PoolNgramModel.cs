namespace Winnow.Text;

/// <summary>
/// A Kneser–Ney model fitted on a pool plus the content hashes of the pool's rows, so that a row of the pool can
/// be scored leave-one-out (its own counts removed exactly, see <see cref="KneserNeyOverlay"/>) while a row from
/// elsewhere is scored by the full model. A content hash present several times in the pool removes one copy,
/// which is the model that the other copies would still give.
/// </summary>
public sealed class PoolNgramModel
{
    private readonly HashSet<string> _poolHashes;

    public PoolNgramModel(KneserNeyModel model, HashSet<string> poolHashes)
    {
        Model = model;
        _poolHashes = poolHashes;
    }

    public KneserNeyModel Model { get; }

    public bool Contains(string contentHash) => _poolHashes.Contains(contentHash);

    /// <summary>The overlay that removes this row's own sequence when leave-one-out applies to it, else null.</summary>
    public KneserNeyOverlay? OverlayFor(string contentHash, int[] ids, bool leaveOneOut) =>
        leaveOneOut && _poolHashes.Contains(contentHash) ? KneserNeyOverlay.LeaveOut(Model, [ids]) : null;
}
