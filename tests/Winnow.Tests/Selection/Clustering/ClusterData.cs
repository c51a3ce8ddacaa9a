namespace Winnow.Tests.Selection.Clustering;

/// <summary>Deterministic synthetic data for the clustering tests.</summary>
internal static class ClusterData
{
    /// <summary>Uniform values in [-1, 1).</summary>
    public static float[] Uniform(int n, int d, int seed)
    {
        var random = new Random(seed);
        var data = new float[n * d];
        for (var i = 0; i < data.Length; i++)
            data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    /// <summary>
    /// <paramref name="k"/> blobs: centre c has 10 at coordinate c % d (times 1 + c / d) and noise of ±0.5, so blobs
    /// are far apart; row i belongs to blob i % k.
    /// </summary>
    public static (float[] Data, int[] Truth) Blobs(int n, int d, int k, int seed)
    {
        var random = new Random(seed);
        var data = new float[n * d];
        var truth = new int[n];
        for (var i = 0; i < n; i++)
        {
            truth[i] = i % k;
            for (var j = 0; j < d; j++)
                data[i * d + j] = (float)(random.NextDouble() - 0.5);
            data[i * d + truth[i] % d] += 10f * (1 + truth[i] / d);
        }
        return (data, truth);
    }

    /// <summary>True when two labelings induce the same partition (labels may be permuted).</summary>
    public static bool SamePartition(int[] a, int[] b)
    {
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (var i = 0; i < a.Length; i++)
        {
            if (forward.TryGetValue(a[i], out var fb) && fb != b[i])
                return false;
            if (backward.TryGetValue(b[i], out var ba) && ba != a[i])
                return false;
            forward[a[i]] = b[i];
            backward[b[i]] = a[i];
        }
        return true;
    }
}
