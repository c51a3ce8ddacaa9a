namespace Winnow.Text;

/// <summary>
/// The band keys of every row added, in columns (one 64-bit key per row and band: 8·b bytes a row, 128 at SCAR's 16
/// bands), and from them the candidate pairs: two rows are a pair when they share the key of at least one band. Rows
/// are numbered in the order they were added; a row without shingles is in no bucket. Finding the pairs sorts one
/// band at a time (12 bytes a row more, transiently), so nothing per row is held beyond the key columns; the pairs
/// themselves cost 8 bytes each, and a bucket of k rows gives k(k − 1)/2 of them, as it gives that many Jaccard
/// checks to any LSH that confirms on exact Jaccard.
/// </summary>
public sealed class LshCandidates
{
    private const int BlockRows = 1 << 16;

    /// <summary>Heap bytes a row adds per band while the keys are collected (checked by PerRowMemoryTests).</summary>
    public const int BytesPerRowAndBand = sizeof(ulong);

    private readonly int _bands;
    private readonly List<ulong[]>[] _columns;
    private readonly HashSet<int> _empty = [];

    public LshCandidates(int bands)
    {
        _bands = bands;
        _columns = Enumerable.Range(0, bands).Select(_ => new List<ulong[]>()).ToArray();
    }

    /// <summary>Rows added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the next row: its band keys, or an empty span for a row without shingles.</summary>
    public void Add(ReadOnlySpan<ulong> keys)
    {
        if (keys.Length != 0 && keys.Length != _bands)
            throw new ArgumentException($"a row has {_bands} band keys, not {keys.Length}");
        if (Count == int.MaxValue)
            throw new InvalidOperationException($"near-dedup numbers rows with 32-bit integers: more than {int.MaxValue:N0} rows");
        var (block, slot) = (Count / BlockRows, Count % BlockRows);
        for (var band = 0; band < _bands; band++)
        {
            if (slot == 0)
                _columns[band].Add(new ulong[BlockRows]);
            _columns[band][block][slot] = keys.Length == 0 ? 0 : keys[band];
        }
        if (keys.Length == 0)
            _empty.Add(Count);
        Count++;
    }

    /// <summary>
    /// Every pair of rows sharing a band key, once, as (later row) · 2^32 + (earlier row), sorted: by the later row,
    /// then the earlier. The key columns are released band by band as they are read.
    /// </summary>
    public ulong[] TakePairs()
    {
        var keys = new ulong[Count - _empty.Count];
        var rows = new int[keys.Length];
        var pairs = new List<ulong>();
        for (var band = 0; band < _bands; band++)
        {
            var filled = 0;
            for (var row = 0; row < Count; row++)
            {
                if (_empty.Count > 0 && _empty.Contains(row))
                    continue;
                keys[filled] = _columns[band][row / BlockRows][row % BlockRows];
                rows[filled++] = row;
            }
            _columns[band].Clear();
            Array.Sort(keys, rows);
            for (var start = 0; start < keys.Length;)
            {
                var end = start + 1;
                while (end < keys.Length && keys[end] == keys[start])
                    end++;
                if (end - start > 1)
                    AddBucketPairs(rows.AsSpan(start, end - start), pairs);
                start = end;
            }
            // The same pair usually shares several bands: keep one of each before the next band adds its own.
            SortDistinct(pairs);
        }
        _empty.Clear();
        Count = 0;
        return [.. pairs];
    }

    private static void AddBucketPairs(Span<int> bucket, List<ulong> pairs)
    {
        bucket.Sort();
        for (var later = 1; later < bucket.Length; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
                pairs.Add((ulong)bucket[later] << 32 | (uint)bucket[earlier]);
        }
    }

    private static void SortDistinct(List<ulong> pairs)
    {
        pairs.Sort();
        var kept = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (kept == 0 || pairs[i] != pairs[kept - 1])
                pairs[kept++] = pairs[i];
        }
        pairs.RemoveRange(kept, pairs.Count - kept);
    }
}
