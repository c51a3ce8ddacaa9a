namespace Winnow.Selection.Clustering;

/// <summary>
/// The rows a large fit trains on: a seeded uniform sample of distinct rows, drawn by Floyd's algorithm (O(m)
/// draws and memory, whatever n), returned ascending so the sample is read in storage order.
/// </summary>
internal static class TrainingSample
{
    /// <summary>
    /// Rows to train k clusters on under faiss's rule of at most <paramref name="perCentroid"/> points per centroid:
    /// null when the whole pool fits (n ≤ k × perCentroid) or sampling is off (perCentroid = 0).
    /// </summary>
    public static int[]? ForKMeans(int n, int k, int perCentroid, int seed) =>
        SamplesForKMeans(n, k, perCentroid) ? Rows(n, k * perCentroid, seed) : null;

    /// <summary>Whether <see cref="ForKMeans"/> samples: the pool has more than k × <paramref name="perCentroid"/> rows and sampling is on.</summary>
    public static bool SamplesForKMeans(int n, int k, int perCentroid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perCentroid);
        return perCentroid > 0 && n > (long)k * perCentroid;
    }

    /// <summary><paramref name="count"/> distinct rows of [0, n), each subset equally likely, ascending.</summary>
    public static int[] Rows(int n, int count, int seed)
    {
        if (count < 0 || count > n)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a sample of distinct rows needs 0 ≤ count ≤ n = {n}");
        var random = new SeededRandom(seed);
        var chosen = new HashSet<int>(count);
        for (var j = n - count; j < n; j++)
        {
            var t = random.NextInt(j + 1);
            chosen.Add(chosen.Contains(t) ? j : t);
        }
        var rows = chosen.ToArray();
        Array.Sort(rows);
        return rows;
    }
}
