using System.Numerics.Tensors;
using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Y = (X − mean) · Wᵀ for X read from a row source and W (m × d) row-major, written straight into packed panels
/// (<see cref="PackedRows"/>, m dimensions), the layout k-means reads. X is read, centred and packed
/// <see cref="BlockRows"/> rows at a time and run through the same 8 × 32 register tiles as the k-means distance
/// work: the kernel's out[8 components][32 rows] is exactly 8 coordinates of one panel. Memory beyond the result is
/// one block, whatever the row count; each value is the same dot product whatever the blocking or thread count.
/// </summary>
internal static unsafe class Projection
{
    private const int BlockRows = 128 * PackedRows.Width;

    private const int PanelsPerTask = 8;

    public static PackedRows Project(IRowSource source, int start, int count, ReadOnlySpan<float> mean, ReadOnlySpan<float> weights, int m,
        int threads, KernelPath path, CancellationToken cancellationToken)
    {
        var d = source.Cols;
        var result = new PackedRows(count, m);
        var groups = new CentroidGroups(m, d);
        groups.Load(weights);
        var block = GC.AllocateUninitializedArray<float>(Math.Min(count, BlockRows) * d, pinned: true);
        var centred = new PackedRows(Math.Min(count, BlockRows), d);
        for (var first = 0; first < count; first += BlockRows)
        {
            var rows = Math.Min(BlockRows, count - first);
            source.Read(start + first, rows, block);
            for (var i = 0; i < rows; i++)
                TensorPrimitives.Subtract(block.AsSpan(i * d, d), mean, block.AsSpan(i * d, d));
            fixed (float* pointer = block)
                centred.Fill(new RowMatrix(pointer, rows, d), 0, threads, cancellationToken);
            var firstPanel = first / PackedRows.Width;
            RowBlocks.For(RowBlocks.Count(rows, PackedRows.Width), PanelsPerTask, threads, cancellationToken, (_, from, to) =>
            {
                var dots = stackalloc float[DotKernel.Vectors * PackedRows.Width];
                fixed (float* panels = centred.Panels, vectors = groups.Data, output = result.Panels)
                {
                    for (var p = from; p < to; p++)
                    {
                        var lanes = Math.Min(PackedRows.Width, rows - p * PackedRows.Width);
                        var target = result.Panel(output, firstPanel + p);
                        for (var g = 0; g < groups.GroupCount; g++)
                        {
                            DotKernel.Tile(vectors + (long)g * DotKernel.Vectors * d, d, centred.Panel(panels, p), dots, path);
                            var components = Math.Min(DotKernel.Vectors, m - g * DotKernel.Vectors);
                            for (var v = 0; v < components; v++)
                                new Span<float>(dots + v * PackedRows.Width, lanes).CopyTo(new Span<float>(target + (long)(g * DotKernel.Vectors + v) * PackedRows.Width, lanes));
                        }
                    }
                }
                result.ComputeNorms(firstPanel + from, firstPanel + to);
            });
        }
        return result;
    }
}
