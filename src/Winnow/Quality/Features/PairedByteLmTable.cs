using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Winnow.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// The two byte-level Kneser–Ney models of <see cref="CharLanguageModels"/> flattened for scoring. Per order k, one
/// open-addressing table holds every k-gram either model knows, as an order-k n-gram or as an order-(k + 1)
/// context; its entry carries, for each model, the n-gram's discounted share max(a − D(a), 0)/T(context) (0 when
/// the model lacks it) and its back-off weight γ as a context (1 when the model never saw it as one). With those,
/// <see cref="KneserNeyModel.Probability"/>'s recursion p_k = share_k + γ_k·p_{k−1} needs one probe per order and
/// position for both models together: γ of position i's order-k context is the entry of the (k − 1)-gram that
/// ended at position i − 1. Every value is computed by the very expression the model evaluates, so probabilities
/// are bit-identical (an unseen context's p_k = 0 + 1·p_{k−1} = p_{k−1} exactly). A window met before gives its
/// ratio from one of the table's <see cref="WindowRatioMemo"/>s without probing.
/// </summary>
internal sealed class PairedByteLmTable
{
    private readonly OrderTable[] _tables;
    private readonly double _uniform;
    private readonly (double Preferred, double Other)[] _startGammas;

    /// <summary>
    /// This table's memos, each lent to one caller of <see cref="LogRatios"/> at a time; the bag hands a thread back
    /// the memo it returned last, so a thread keeps meeting the windows it saw.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<WindowRatioMemo> _memos = [];

    public PairedByteLmTable(KneserNeyModel preferred, KneserNeyModel other)
    {
        Order = preferred.Order;
        Bits = preferred.Bits;
        _uniform = 1.0 / preferred.PredictedVocabulary;
        _tables = new OrderTable[Order + 1];
        for (var k = 1; k <= Order; k++)
            _tables[k] = Flatten(preferred, other, k);
        // γ of the contexts of the first position: the empty context (order 1) and k − 1 padding <s> (all ids 0).
        _startGammas = new (double, double)[Order + 1];
        for (var k = 1; k <= Order; k++)
            _startGammas[k] = (Gamma(preferred, k, 0), Gamma(other, k, 0));
    }

    public int Order { get; }

    public int Bits { get; }

    /// <summary>Sum over positions (each byte and the closing &lt;/s&gt;) of ln p_preferred − ln p_other, all and over the first <paramref name="openingCount"/> positions.</summary>
    public (double All, double Opening) LogRatios(ReadOnlySpan<byte> utf8, int openingCount)
    {
        var memo = _memos.TryTake(out var lent) ? lent : new WindowRatioMemo();
        try
        {
            return LogRatios(utf8, openingCount, memo);
        }
        finally
        {
            _memos.Add(memo);
        }
    }

    private (double All, double Opening) LogRatios(ReadOnlySpan<byte> utf8, int openingCount, WindowRatioMemo memo)
    {
        Span<double> gammas = stackalloc double[2 * (Order + 1)];
        Span<double> next = stackalloc double[2 * (Order + 1)];
        for (var k = 1; k <= Order; k++)
            (gammas[2 * k], gammas[2 * k + 1]) = _startGammas[k];
        next[2] = gammas[2];
        next[3] = gammas[3];
        var mask = (1L << (Order * Bits)) - 1;
        var window = 0L;
        var ahead = 0L;
        for (var i = 0; i < PrefetchDistance; i++)
            ahead = Advance(ahead, utf8, i, mask);
        var farAhead = ahead;
        for (var i = PrefetchDistance; i < 2 * PrefetchDistance; i++)
            farAhead = Advance(farAhead, utf8, i, mask);
        // Whether gammas holds the γs of this position's contexts: the previous position was probed, not remembered.
        var probed = true;
        double all = 0, opening = 0;
        for (var i = 0; i <= utf8.Length; i++)
        {
            // Two stages ahead, so that no look waits for memory: the memo's slot of the window 2·PrefetchDistance
            // bytes on is asked for; the window PrefetchDistance bytes on, whose slot has arrived by now, is looked
            // up, and if the memo lacks it, its slots in the higher orders' tables (megabytes, each probe a likely
            // cache miss) are asked for.
            farAhead = Advance(farAhead, utf8, i + 2 * PrefetchDistance, mask);
            if (i + 2 * PrefetchDistance <= utf8.Length)
                memo.Prefetch(farAhead);
            ahead = Advance(ahead, utf8, i + PrefetchDistance, mask);
            if (i + PrefetchDistance <= utf8.Length && !memo.TryGet(ahead, out _))
            {
                for (var k = PrefetchFromOrder; k <= Order; k++)
                    _tables[k].Prefetch(ahead & _tables[k].Mask);
            }
            window = Advance(window, utf8, i, mask);
            var remembered = memo.TryGet(window, out var ratio);
            if (!remembered)
            {
                if (!probed)
                    ContextGammas(window >> Bits, gammas);
                ratio = ProbedRatio(window, gammas, next);
                memo.Set(window, ratio);
                var swap = gammas;
                gammas = next;
                next = swap;
                next[2] = gammas[2];
                next[3] = gammas[3];
            }
            probed = !remembered;
            all += ratio;
            if (i < openingCount)
                opening += ratio;
        }
        return (all, opening);
    }

    /// <summary>
    /// ln p_preferred − ln p_other at the position whose window is given, from its contexts' γs
    /// (<paramref name="gammas"/>); writes the γs of the next position's contexts into <paramref name="next"/>.
    /// </summary>
    private double ProbedRatio(long window, ReadOnlySpan<double> gammas, Span<double> next)
    {
        double preferred = _uniform, other = _uniform;
        var known = true;
        for (var k = 1; k <= Order; k++)
        {
            ref readonly var entry = ref Suffix(k, window, ref known);
            preferred = entry.PreferredShare + gammas[2 * k] * preferred;
            other = entry.OtherShare + gammas[2 * k + 1] * other;
            if (k < Order)
            {
                next[2 * (k + 1)] = entry.PreferredGamma;
                next[2 * (k + 1) + 1] = entry.OtherGamma;
            }
        }
        return Math.Log(preferred) - Math.Log(other);
    }

    /// <summary>
    /// Fills the γs of orders 2 to Order from the entries of <paramref name="context"/>'s suffixes (the ids before a
    /// position), as <see cref="ProbedRatio"/> would have written them had the previous position been probed.
    /// </summary>
    private void ContextGammas(long context, Span<double> gammas)
    {
        var known = true;
        for (var k = 1; k < Order; k++)
        {
            ref readonly var entry = ref Suffix(k, context, ref known);
            gammas[2 * (k + 1)] = entry.PreferredGamma;
            gammas[2 * (k + 1) + 1] = entry.OtherGamma;
        }
    }

    /// <summary>
    /// The entry of <paramref name="ids"/>'s order-<paramref name="k"/> suffix, or the empty entry (shares 0, γs 1:
    /// what an unseen n-gram contributes) when it is stored in neither model. Called for k = 1, 2, … in turn: a k-gram
    /// neither model knows has no known (k + 1)-gram extending it to the left (every stored n-gram's suffix and every
    /// context's suffix is stored one order down), so once one is missing (<paramref name="known"/> false) the higher
    /// orders are not probed.
    /// </summary>
    private ref readonly Entry Suffix(int k, long ids, ref bool known)
    {
        if (known)
        {
            var table = _tables[k];
            var slot = table.Find(ids & table.Mask);
            if (slot >= 0)
                return ref table.Entries[slot];
            known = false;
        }
        return ref OrderTable.Empty;
    }

    /// <summary>Bytes ahead whose table slots are prefetched; about the number of misses a core keeps in flight.</summary>
    private const int PrefetchDistance = 8;

    /// <summary>Orders below this have small tables that stay cached.</summary>
    private const int PrefetchFromOrder = 3;

    /// <summary>The window after position <paramref name="i"/> (a byte, the closing &lt;/s&gt;, or past the end: unchanged).</summary>
    private long Advance(long window, ReadOnlySpan<byte> utf8, int i, long mask) =>
        i > utf8.Length ? window : ((window << Bits) | (uint)(i < utf8.Length ? LmVocabulary.FirstByteId + utf8[i] : LmVocabulary.End)) & mask;

    private OrderTable Flatten(KneserNeyModel preferred, KneserNeyModel other, int k)
    {
        var keys = new HashSet<long>(preferred.Counts(k).Keys, PackedKeyComparer.Instance);
        keys.UnionWith(other.Counts(k).Keys);
        if (k < Order)
        {
            keys.UnionWith(preferred.Contexts(k + 1).Keys);
            keys.UnionWith(other.Contexts(k + 1).Keys);
        }
        var table = new OrderTable(keys.Count, (1L << (k * Bits)) - 1);
        foreach (var key in keys)
        {
            table.Add(new Entry(key, Share(preferred, k, key), Share(other, k, key),
                k < Order ? Gamma(preferred, k + 1, key) : 1, k < Order ? Gamma(other, k + 1, key) : 1));
        }
        return table;
    }

    /// <summary>The n-gram's term of <see cref="KneserNeyModel.Probability"/> at its order, written as it is there (0 for an unknown n-gram).</summary>
    private static double Share(KneserNeyModel model, int k, long key)
    {
        var count = model.AdjustedCount(k, key);
        if (count == 0)
            return 0;
        var stats = model.Stats(k, NgramKey.Context(key, model.Bits));
        var d = model.Discounts(k);
        return Math.Max(count - d.For(count), 0) / stats.Total;
    }

    /// <summary>γ of a context of order k as <see cref="KneserNeyModel.Probability"/> computes it; 1 for an unseen context, which passes p through.</summary>
    private static double Gamma(KneserNeyModel model, int k, long context)
    {
        var stats = model.Stats(k, context);
        if (stats.Total == 0)
            return 1;
        var d = model.Discounts(k);
        return (d.D1 * stats.N1 + d.D2 * stats.N2 + d.D3 * stats.N3) / stats.Total;
    }

    /// <summary>The key sits with its values, so a probe that finds it reads one cache line or two.</summary>
    private readonly record struct Entry(long Key, double PreferredShare, double OtherShare, double PreferredGamma, double OtherGamma);

    /// <summary>Linear probing at load ≤ 1/2 over a Fibonacci hash; keys are non-negative, so −1 marks an empty slot.</summary>
    private sealed class OrderTable
    {
        /// <summary>An empty slot, and the entry of an n-gram neither model stores: shares 0, γs 1.</summary>
        public static readonly Entry Empty = new(-1, 0, 0, 1, 1);
        private readonly int _shift;

        public OrderTable(int count, long mask)
        {
            var bits = Math.Max(4, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(2 * count)));
            Entries = new Entry[1 << bits];
            Array.Fill(Entries, Empty);
            _shift = 64 - bits;
            Mask = mask;
        }

        public long Mask { get; }

        public Entry[] Entries { get; }

        public void Add(Entry entry)
        {
            var slot = Home(entry.Key);
            while (Entries[slot].Key != -1)
                slot = (slot + 1) & (Entries.Length - 1);
            Entries[slot] = entry;
        }

        public int Find(long key)
        {
            var slot = Home(key);
            while (true)
            {
                var stored = Entries[slot].Key;
                if (stored == key)
                    return slot;
                if (stored == -1)
                    return -1;
                slot = (slot + 1) & (Entries.Length - 1);
            }
        }

        /// <summary>Asks for the cache line of the key's home slot (a hint: a wrong or moved address costs nothing).</summary>
        public unsafe void Prefetch(long key)
        {
            if (Sse.IsSupported)
                Sse.Prefetch0(Unsafe.AsPointer(ref Entries[Home(key)]));
        }

        private int Home(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);
    }
}
