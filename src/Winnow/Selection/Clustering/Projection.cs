using System.Numerics.Tensors;
using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Y = (X − mean) · Wᵀ for X read from a row source and W (m × d) row-major, written straight into packed panels
/// (<see cref="PackedRows"/>, m dimensions), the layout k-means reads. X is read, centred and packed
/// <see cref="BlockRows"/> rows at a time and run through the same 8 × 32 register tiles as the k-means distance
/// work: the kernel's out[8 components][32 rows] is exactly 8 coordinates of one panel. Memory beyond the result is
/// one block, whatever the row count, and an instance keeps it (with W's padded copy) for every call, so a caller
/// projecting a pool block by block (<see cref="BlockedAssignment"/>) allocates nothing per block; each value is the
/// same dot product whatever the blocking or thread count.
/// </summary>
internal sealed unsafe class Projection
{
    private const int BlockRows = 128 * PackedRows.Width;

    private const int PanelsPerTask = 8;

    private readonly float[] _mean;
    private readonly int _components;
    private readonly CentroidGroups _groups;
    private readonly float[] _block;
    private readonly PackedRows _centred;

    /// <param name="maxRows">The most rows one <see cref="Into"/> call projects (its scratch is sized by it, at most one block).</param>
    public Projection(ReadOnlySpan<float> mean, ReadOnlySpan<float> weights, int m, int maxRows)
    {
        var d = mean.Length;
        _mean = mean.ToArray();
        _components = m;
        _groups = new CentroidGroups(m, d);
        _groups.Load(weights);
        // Whole panels, so that every block after the first starts on a panel of the result.
        var rows = Math.Min(BlockRows, RowBlocks.Count(Math.Max(1, maxRows), PackedRows.Width) * PackedRows.Width);
        _block = GC.AllocateUninitializedArray<float>(rows * d, pinned: true);
        _centred = new PackedRows(rows, d);
    }

    /// <summary>The rows [start, start + count) projected into a new packed matrix.</summary>
    public static PackedRows Project(IRowSource source, int start, int count, ReadOnlySpan<float> mean, ReadOnlySpan<float> weights, int m,
        int threads, KernelPath path, CancellationToken cancellationToken)
    {
        var result = new PackedRows(count, m);
        new Projection(mean, weights, m, count).Into(source, start, result, threads, path, cancellationToken);
        return result;
    }

    /// <summary>Projects the rows [start, start + result.Rows) of <paramref name="source"/> into <paramref name="result"/>'s panels.</summary>
    public void Into(IRowSource source, int start, PackedRows result, int threads, KernelPath path, CancellationToken cancellationToken)
    {
        var d = _mean.Length;
        if (source.Cols != d || result.Dim != _components)
            throw new ArgumentException($"a projection of {d} to {_components} dimensions cannot read {source.Cols} columns into {result.Dim}");
        var count = result.Rows;
        var blockRows = _centred.Rows;
        for (var first = 0; first < count; first += blockRows)
        {
            var rows = Math.Min(blockRows, count - first);
            source.Read(start + first, rows, _block);
            for (var i = 0; i < rows; i++)
                TensorPrimitives.Subtract(_block.AsSpan(i * d, d), _mean, _block.AsSpan(i * d, d));
            fixed (float* pointer = _block)
                _centred.Fill(new RowMatrix(pointer, rows, d), 0, threads, cancellationToken);
            var firstPanel = first / PackedRows.Width;
            RowBlocks.For(RowBlocks.Count(rows, PackedRows.Width), PanelsPerTask, threads, cancellationToken, (_, from, to) =>
            {
                var dots = stackalloc float[DotKernel.Vectors * PackedRows.Width];
                fixed (float* panels = _centred.Panels, vectors = _groups.Data, output = result.Panels)
                {
                    for (var p = from; p < to; p++)
                    {
                        var lanes = Math.Min(PackedRows.Width, rows - p * PackedRows.Width);
                        var target = result.Panel(output, firstPanel + p);
                        for (var g = 0; g < _groups.GroupCount; g++)
                        {
                            DotKernel.Tile(vectors + (long)g * DotKernel.Vectors * d, d, _centred.Panel(panels, p), dots, path);
                            var components = Math.Min(DotKernel.Vectors, _components - g * DotKernel.Vectors);
                            for (var v = 0; v < components; v++)
                                new Span<float>(dots + v * PackedRows.Width, lanes).CopyTo(new Span<float>(target + (long)(g * DotKernel.Vectors + v) * PackedRows.Width, lanes));
                        }
                    }
                }
                result.ComputeNorms(firstPanel + from, firstPanel + to);
            });
        }
    }
}
