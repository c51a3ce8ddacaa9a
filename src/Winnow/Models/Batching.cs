namespace Winnow.Models;

/// <summary>
/// Helpers between padded, masked input (as tokenizers and fixtures produce it) and the models' row lists, and a
/// length-sorted batch planner. The models pack rows without padding, so sorting does not save padded FLOPs here;
/// it keeps batches of similar length together, which balances attention work across threads and bounds memory.
/// </summary>
public static class Batching
{
    /// <summary>
    /// Drops the right padding of each row: row r keeps its first Σ mask[r] ids. Throws when a mask is not of the
    /// right-padding form 1…1 0…0 (left padding or holes would change position ids).
    /// </summary>
    public static int[][] FromRightPadded(IReadOnlyList<int[]> inputIds, IReadOnlyList<int[]> attentionMask)
    {
        if (inputIds.Count != attentionMask.Count)
            throw new ArgumentException($"{inputIds.Count} id rows but {attentionMask.Count} mask rows");
        var rows = new int[inputIds.Count][];
        for (var r = 0; r < rows.Length; r++)
        {
            var ids = inputIds[r];
            var mask = attentionMask[r];
            if (ids.Length != mask.Length)
                throw new ArgumentException($"row {r}: {ids.Length} ids but {mask.Length} mask entries");
            var length = 0;
            while (length < mask.Length && mask[length] == 1)
                length++;
            for (var t = length; t < mask.Length; t++)
            {
                if (mask[t] != 0)
                    throw new ArgumentException($"row {r}: attention mask is not right-padded (mask[{t}] = {mask[t]} after a 0)");
            }
            rows[r] = ids[..length];
        }
        return rows;
    }

    /// <summary>
    /// Groups row indices into batches, longest rows first, each with at most <paramref name="maxRows"/> rows and at
    /// most <paramref name="maxTokens"/> tokens (a row longer than maxTokens gets a batch of its own). Ties keep input
    /// order, so the plan is deterministic.
    /// </summary>
    public static IReadOnlyList<int[]> LengthSortedBatches(IReadOnlyList<int> lengths, int maxRows, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        var order = Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i);
        var batches = new List<int[]>();
        var current = new List<int>();
        long tokens = 0;
        foreach (var i in order)
        {
            if (current.Count > 0 && (current.Count == maxRows || tokens + lengths[i] > maxTokens))
            {
                batches.Add(current.ToArray());
                current.Clear();
                tokens = 0;
            }
            current.Add(i);
            tokens += lengths[i];
        }
        if (current.Count > 0)
            batches.Add(current.ToArray());
        return batches;
    }
}
