using System.Runtime.Intrinsics;
using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Nearest-centroid assignment, the hot loop of Lloyd's algorithm: for each 32-row panel, every group of 8
/// centroids goes through <see cref="DotKernel"/> and a lane-wise running argmin (no horizontal reductions) keeps
/// each row's best centroid. Groups are visited in index order and only a strictly smaller distance replaces the
/// best, so ties go to the lower centroid index.
/// </summary>
internal static unsafe class Assignment
{
    private const int PanelsPerBlock = 8;

    /// <summary>
    /// Writes each row's nearest centroid to <paramref name="labels"/> and its squared distance in the expanded form
    /// ‖x‖² + ‖c‖² − 2 x·c, clamped at 0, to <paramref name="distances"/>.
    /// </summary>
    public static void Run(PackedRows rows, CentroidGroups centroids, int[] labels, float[] distances, int threads,
        KernelPath path, CancellationToken cancellationToken)
    {
        RowBlocks.For(rows.PanelCount, PanelsPerBlock, threads, cancellationToken, (_, first, last) =>
        {
            var dots = stackalloc float[DotKernel.Vectors * PackedRows.Width];
            var best = stackalloc float[PackedRows.Width];
            var bestIndex = stackalloc int[PackedRows.Width];
            fixed (float* panels = rows.Panels, vectors = centroids.Data, norms = centroids.Norms)
            {
                for (var p = first; p < last; p++)
                {
                    var panel = rows.Panel(panels, p);
                    new Span<float>(best, PackedRows.Width).Fill(float.PositiveInfinity);
                    new Span<int>(bestIndex, PackedRows.Width).Clear();
                    for (var g = 0; g < centroids.GroupCount; g++)
                    {
                        var firstCentroid = g * DotKernel.Vectors;
                        DotKernel.Tile(vectors + (long)firstCentroid * rows.Dim, rows.Dim, panel, dots, path);
                        KeepNearest(dots, norms + firstCentroid, firstCentroid, best, bestIndex);
                    }
                    var end = Math.Min(PackedRows.Width, rows.Rows - p * PackedRows.Width);
                    for (var lane = 0; lane < end; lane++)
                    {
                        var row = p * PackedRows.Width + lane;
                        labels[row] = bestIndex[lane];
                        distances[row] = Math.Max(0f, rows.Norms[row] + best[lane]);
                    }
                }
            }
        });
    }

    /// <summary>best = min(best, ‖c‖² − 2 x·c) per lane over the 8 centroids of one group, remembering which won.</summary>
    private static void KeepNearest(float* dots, float* norms, int firstCentroid, float* best, int* bestIndex)
    {
        for (var chunk = 0; chunk < PackedRows.Width; chunk += 8)
        {
            var b = Vector256.Load(best + chunk);
            var index = Vector256.Load(bestIndex + chunk);
            for (var v = 0; v < DotKernel.Vectors; v++)
            {
                var distance = Vector256.Create(norms[v]) - Vector256.Create(2f) * Vector256.Load(dots + v * PackedRows.Width + chunk);
                var closer = Vector256.LessThan(distance, b);
                b = Vector256.ConditionalSelect(closer, distance, b);
                index = Vector256.ConditionalSelect(closer.AsInt32(), Vector256.Create(firstCentroid + v), index);
            }
            b.Store(best + chunk);
            index.Store(bestIndex + chunk);
        }
    }
}
