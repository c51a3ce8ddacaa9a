using Winnow.Data;

namespace Winnow.Scoring.Statistical;

/// <summary>A pool row kept for fitting: its position in the pool, content hash and the two texts the LMs read.</summary>
internal readonly record struct FitRow(long Position, string ContentHash, string Prompt, string Response);

/// <summary>
/// The rows a pool fit trains on, at most <c>limit</c> of them: the rows with the smallest content hashes (a
/// bottom-k sketch), which is a uniform sample that depends only on the pool's contents, is drawn in one pass with
/// memory for <c>limit</c> rows, and is the whole pool when the pool has at most <c>limit</c> rows. Kept rows are
/// returned in pool order, so a small pool is fitted exactly as before the cap existed.
/// </summary>
internal static class FitSample
{
    public static List<FitRow> Take(IEnumerable<Sample> pool, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // Max-heap on the hash (priority negated through the comparer) so the largest kept hash is evicted first.
        var kept = new PriorityQueue<FitRow, ulong>(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
        long position = 0;
        foreach (var sample in pool)
        {
            if ((position & 4095) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            if (kept.Count < limit)
                kept.Enqueue(new FitRow(position, sample.ContentHash, sample.Prompt, sample.Response), sample.Hash);
            else if (kept.TryPeek(out _, out var largest) && sample.Hash < largest)
                kept.EnqueueDequeue(new FitRow(position, sample.ContentHash, sample.Prompt, sample.Response), sample.Hash);
            position++;
        }
        var rows = kept.UnorderedItems.Select(item => item.Element).ToList();
        rows.Sort((a, b) => a.Position.CompareTo(b.Position));
        return rows;
    }
}
