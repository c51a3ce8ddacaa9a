namespace Winnow.Text;

/// <summary>
/// Exact leave-one-out view of a <see cref="KneserNeyModel"/>: the adjusted counts and context totals the model
/// would have had without one row's sequences, stored only for the n-grams that row touches. Removing a row
/// lowers its highest-order counts; an n-gram that drops to zero removes one left context from its suffix's
/// continuation count (n-grams that begin with &lt;s&gt; lose the raw count instead), and so on down the orders.
/// Discounts stay those of the full pool: they are pool-wide statistics that one row barely moves.
/// </summary>
public sealed class KneserNeyOverlay
{
    private readonly Dictionary<long, int>[] _counts;
    private readonly Dictionary<long, ContextStats>[] _stats;

    private KneserNeyOverlay(Dictionary<long, int>[] counts, Dictionary<long, ContextStats>[] stats)
    {
        _counts = counts;
        _stats = stats;
    }

    public int? AdjustedCount(int order, long key) =>
        _counts[order - 1].TryGetValue(key, out var v) ? v : null;

    public ContextStats? Stats(int order, long context) =>
        _stats[order - 1].TryGetValue(context, out var v) ? v : null;

    /// <summary>Builds the view without <paramref name="sequences"/>, which must all have been added to the model's pool.</summary>
    public static KneserNeyOverlay LeaveOut(KneserNeyModel model, IEnumerable<int[]> sequences)
    {
        int order = model.Order, bits = model.Bits;
        var removed = new Dictionary<long, int>(PackedKeyComparer.Instance);
        foreach (var ids in sequences)
            foreach (var key in KneserNeyBuilder.NgramsOf(ids, order, bits))
                removed[key] = removed.GetValueOrDefault(key) + 1;
        var counts = new Dictionary<long, int>[order];
        // Highest order: raw counts minus the row's own.
        var current = new Dictionary<long, (int Old, int New)>(PackedKeyComparer.Instance);
        foreach (var (key, count) in removed)
        {
            var old = model.AdjustedCount(order, key);
            if (old < count)
                throw new InvalidOperationException("leave-one-out of a sequence that is not part of the model's pool");
            current[key] = (old, old - count);
        }
        var changes = new Dictionary<long, (int Old, int New)>[order];
        changes[order - 1] = current;
        for (var k = order - 1; k >= 1; k--)
        {
            var lower = new Dictionary<long, (int Old, int New)>(PackedKeyComparer.Instance);
            foreach (var (key, (oldUpper, newUpper)) in changes[k])
            {
                var suffix = NgramKey.Suffix(key, k, bits);
                int delta;
                if (NgramKey.First(suffix, k, bits) == LmVocabulary.Start)
                    delta = k > 1 ? oldUpper - newUpper : 0;
                else
                    delta = oldUpper > 0 && newUpper == 0 ? 1 : 0;
                if (delta == 0)
                    continue;
                var (old, now) = lower.TryGetValue(suffix, out var seen) ? seen : (model.AdjustedCount(k, suffix), model.AdjustedCount(k, suffix));
                lower[suffix] = (old, now - delta);
            }
            changes[k - 1] = lower;
        }
        var stats = new Dictionary<long, ContextStats>[order];
        for (var k = 1; k <= order; k++)
        {
            counts[k - 1] = new Dictionary<long, int>(PackedKeyComparer.Instance);
            stats[k - 1] = new Dictionary<long, ContextStats>(PackedKeyComparer.Instance);
            foreach (var (key, (old, now)) in changes[k - 1])
            {
                counts[k - 1][key] = now;
                var context = NgramKey.Context(key, bits);
                var s = stats[k - 1].TryGetValue(context, out var seen) ? seen : model.Stats(k, context);
                stats[k - 1][context] = s.Add(old, -1).Add(now, +1);
            }
        }
        return new KneserNeyOverlay(counts, stats);
    }
}
