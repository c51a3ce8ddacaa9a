using Winnow.Models;

namespace Winnow.Embedding.Neural;

/// <summary>Runs a per-row model function over length-sorted batches and returns the rows' results in input order.</summary>
internal static class SortedBatches
{
    public static float[][] Run(IReadOnlyList<int[]> rows, int batchSize, int maxBatchTokens, Func<IReadOnlyList<int[]>, float[][]> forward, CancellationToken cancellationToken)
    {
        var results = new float[rows.Count][];
        foreach (var batch in Batching.LengthSortedBatches(rows.Select(r => r.Length).ToArray(), batchSize, maxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var output = forward(batch.Select(i => rows[i]).ToArray());
            for (var b = 0; b < batch.Length; b++)
                results[batch[b]] = output[b];
        }
        return results;
    }

    /// <summary>Scales a vector to unit L2 norm (sentence-transformers' Normalize: divides by max(‖v‖, 1e-12)).</summary>
    public static float[] Normalized(float[] v)
    {
        double sq = 0;
        foreach (var x in v)
            sq += (double)x * x;
        var scale = 1 / Math.Max(Math.Sqrt(sq), 1e-12);
        return v.Select(x => (float)(x * scale)).ToArray();
    }
}
