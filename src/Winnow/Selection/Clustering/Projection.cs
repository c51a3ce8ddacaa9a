using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Y = X · Wᵀ for row-major X (n × d) and W (m × d), through the same packed panels and 8 × 32 register tiles as
/// the k-means distance work. Used by <see cref="PcaModel.Transform"/>, where a dot-product call per (row, component)
/// spent most of its time in call overhead.
/// </summary>
internal static unsafe class Projection
{
    private const int PanelsPerBlock = 8;

    public static float[] Multiply(RowMatrix x, ReadOnlySpan<float> weights, int m, int threads, KernelPath path, CancellationToken cancellationToken)
    {
        var packed = new PackedRows(x, threads, cancellationToken);
        var groups = new CentroidGroups(m, x.Cols);
        groups.Load(weights);
        var result = new float[(long)x.Rows * m];
        RowBlocks.For(packed.PanelCount, PanelsPerBlock, threads, cancellationToken, (_, first, last) =>
        {
            var dots = stackalloc float[DotKernel.Vectors * PackedRows.Width];
            fixed (float* panels = packed.Panels, vectors = groups.Data)
            {
                for (var p = first; p < last; p++)
                {
                    var panel = packed.Panel(panels, p);
                    var rows = Math.Min(PackedRows.Width, x.Rows - p * PackedRows.Width);
                    for (var g = 0; g < groups.GroupCount; g++)
                    {
                        DotKernel.Tile(vectors + (long)g * DotKernel.Vectors * x.Cols, x.Cols, panel, dots, path);
                        var count = Math.Min(DotKernel.Vectors, m - g * DotKernel.Vectors);
                        for (var v = 0; v < count; v++)
                        {
                            for (var lane = 0; lane < rows; lane++)
                                result[(long)(p * PackedRows.Width + lane) * m + g * DotKernel.Vectors + v] = dots[v * PackedRows.Width + lane];
                        }
                    }
                }
            }
        });
        return result;
    }
}
