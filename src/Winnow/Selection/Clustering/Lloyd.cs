using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Lloyd iterations from given centroids, following scikit-learn's <c>_kmeans_single_lloyd</c>: assign every row to
/// its nearest centroid, move each centroid to the mean of its rows, stop on strict convergence (no label changed)
/// or when the total squared centre shift is ≤ the tolerance; if stopped otherwise, assign once more so labels
/// match the final centroids. Empty clusters are re-seeded from the rows farthest from their assigned centroid
/// (as scikit-learn's <c>_relocate_empty_clusters</c>).
/// </summary>
internal static unsafe class Lloyd
{
    private const int InertiaBlock = 1024;

    public static KMeansResult Run(PackedRows packed, float[] centroids, int k, int maxIterations, double absoluteTolerance,
        int threads, KernelPath path, Action<int>? iterationDone, CancellationToken cancellationToken)
    {
        var n = packed.Rows;
        var d = packed.Dim;
        var labels = new int[n];
        var previous = new int[n];
        Array.Fill(previous, -1);
        var distances = new float[n];
        var groups = new CentroidGroups(k, d);
        var next = new float[k * d];
        var sums = new double[k * d];
        var counts = new int[k];

        var iterations = 0;
        var strict = false;
        var converged = false;
        while (iterations < maxIterations)
        {
            iterations++;
            Assign(packed, groups, centroids, labels, distances, threads, path, cancellationToken);
            UpdateCentroids(packed, labels, distances, k, sums, counts, next, threads, cancellationToken);
            var shift = 0.0;
            for (var i = 0; i < next.Length; i++)
            {
                var delta = (double)next[i] - centroids[i];
                shift += delta * delta;
            }
            (centroids, next) = (next, centroids);
            iterationDone?.Invoke(iterations);
            if (labels.AsSpan().SequenceEqual(previous))
            {
                strict = converged = true;
                break;
            }
            if (shift <= absoluteTolerance)
            {
                converged = true;
                break;
            }
            labels.CopyTo(previous, 0);
        }
        if (!strict)
            Assign(packed, groups, centroids, labels, distances, threads, path, cancellationToken);
        var inertia = Inertia(packed, centroids, labels, threads, cancellationToken);
        return new KMeansResult(k, d, centroids, labels, inertia, iterations, converged);
    }

    private static void Assign(PackedRows packed, CentroidGroups groups, float[] centroids, int[] labels, float[] distances,
        int threads, KernelPath path, CancellationToken cancellationToken)
    {
        groups.Load(centroids);
        Assignment.Run(packed, groups, labels, distances, threads, path, cancellationToken);
    }

    /// <summary>
    /// Sums rows per cluster in double. Threads split the columns, not the rows, so every (cluster, column) sum
    /// is accumulated in row order whatever the thread count.
    /// </summary>
    private static void UpdateCentroids(PackedRows x, int[] labels, float[] distances, int k, double[] sums, int[] counts,
        float[] next, int threads, CancellationToken cancellationToken)
    {
        var d = x.Dim;
        Array.Clear(sums);
        Array.Clear(counts);
        foreach (var label in labels)
            counts[label]++;
        const int columnBlock = 32;
        RowBlocks.For(d, columnBlock, threads, cancellationToken, (_, c0, c1) =>
        {
            fixed (float* panels = x.Panels)
            {
                for (var i = 0; i < x.Rows; i++)
                {
                    var row = x.Element(panels, i);
                    var target = labels[i] * d;
                    for (var j = c0; j < c1; j++)
                        sums[target + j] += row[j * PackedRows.Width];
                }
            }
        });
        RelocateEmpty(x, labels, distances, sums, counts);
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < d; j++)
                next[c * d + j] = (float)(sums[c * d + j] / counts[c]);
        }
    }

    /// <summary>
    /// Each empty cluster takes one of the rows farthest from their assigned centroid (largest distance first, ties
    /// to the lower row), which leaves its old cluster's sum. Unlike scikit-learn a row is never taken from a
    /// cluster it alone holds, so no cluster is emptied in turn; since K ≤ n some cluster always has two rows.
    /// </summary>
    private static void RelocateEmpty(PackedRows x, int[] labels, float[] distances, double[] sums, int[] counts)
    {
        var d = x.Dim;
        var row = new float[d];
        var taken = new HashSet<int>();
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] != 0)
                continue;
            var far = -1;
            for (var i = 0; i < labels.Length; i++)
            {
                if (counts[labels[i]] > 1 && !taken.Contains(i) && (far < 0 || distances[i] > distances[far]))
                    far = i;
            }
            taken.Add(far);
            x.CopyRow(far, row);
            var from = labels[far];
            for (var j = 0; j < d; j++)
            {
                sums[from * d + j] -= row[j];
                sums[c * d + j] = row[j];
            }
            counts[from]--;
            counts[c] = 1;
        }
    }

    /// <summary>Σ‖x − c(x)‖² with exact differences, per-block double sums reduced in block order.</summary>
    internal static double Inertia(PackedRows x, float[] centroids, int[] labels, int threads, CancellationToken cancellationToken)
    {
        var d = x.Dim;
        var partial = new double[RowBlocks.Count(x.Rows, InertiaBlock)];
        fixed (float* pinned = centroids)
        {
            var c = (nint)pinned;
            RowBlocks.For(x.Rows, InertiaBlock, threads, cancellationToken, (block, start, end) =>
            {
                var sum = 0.0;
                var row = new float[d];
                fixed (float* values = row)
                {
                    for (var i = start; i < end; i++)
                    {
                        x.CopyRow(i, row);
                        sum += SquaredDistance.Compute(values, (float*)c + (long)labels[i] * d, d);
                    }
                }
                partial[block] = sum;
            });
        }
        var total = 0.0;
        foreach (var p in partial)
            total += p;
        return total;
    }
}
