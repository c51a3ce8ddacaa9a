using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Column means and the sample covariance (divided by n − 1, as scikit-learn's explained variance) of row-major
/// float data. Centred rows are taken in blocks of 256; each block's XᵀX runs through <see cref="DotKernel"/> (the
/// block transposed as the 8 broadcast vectors, the block in 32-column panels as the lanes; upper triangle only) and is
/// added into a double accumulator, which bounds float rounding to one block's 256 terms. Threads split the column
/// groups, so every entry is accumulated in block order whatever the thread count. Rows are read from their source one
/// block at a time, so a float16 sample is never widened whole.
/// </summary>
internal static unsafe class Covariance
{
    private const int BlockRows = 256;

    public static double[] Means(IRowSource data)
    {
        var d = data.Cols;
        var mean = new double[d];
        var block = new float[BlockRows * d];
        for (var r0 = 0; r0 < data.Rows; r0 += BlockRows)
        {
            var rows = Math.Min(BlockRows, data.Rows - r0);
            data.Read(r0, rows, block);
            for (var r = 0; r < rows; r++)
            {
                var row = block.AsSpan(r * d, d);
                for (var j = 0; j < d; j++)
                    mean[j] += row[j];
            }
        }
        for (var j = 0; j < d; j++)
            mean[j] /= data.Rows;
        return mean;
    }

    /// <summary>Full symmetric d × d covariance about <paramref name="mean"/>; n = 1 gives all zeros.</summary>
    public static double[,] Compute(IRowSource data, double[] mean, int threads, KernelPath path)
    {
        var n = data.Rows;
        var d = data.Cols;
        var block = new float[BlockRows * d];
        // Columns padded to whole 32-wide panels (hence whole groups of 8); padding columns and rows stay zero.
        var padded = (d + PackedRows.Width - 1) / PackedRows.Width * PackedRows.Width;
        var transposed = GC.AllocateArray<float>(padded * BlockRows, pinned: true); // [column][row in block]
        var panels = GC.AllocateArray<float>(padded * BlockRows, pinned: true);     // [panel][row in block][32]
        var sums = new double[padded * padded];
        var meanFloat = Array.ConvertAll(mean, m => (float)m);
        var groups = padded / DotKernel.Vectors;
        var panelCount = padded / PackedRows.Width;
        for (var r0 = 0; r0 < n; r0 += BlockRows)
        {
            var rows = Math.Min(BlockRows, n - r0);
            Array.Clear(transposed);
            Array.Clear(panels);
            data.Read(r0, rows, block);
            for (var r = 0; r < rows; r++)
            {
                var row = block.AsSpan(r * d, d);
                for (var j = 0; j < d; j++)
                {
                    var value = row[j] - meanFloat[j];
                    transposed[j * BlockRows + r] = value;
                    panels[(j / PackedRows.Width) * BlockRows * PackedRows.Width + r * PackedRows.Width + j % PackedRows.Width] = value;
                }
            }
            RowBlocks.For(groups, 1, threads, CancellationToken.None, (group, _, _) =>
            {
                var dots = stackalloc float[DotKernel.Vectors * PackedRows.Width];
                fixed (float* vectors = transposed, lanes = panels)
                {
                    var first = group * DotKernel.Vectors;
                    for (var q = first / PackedRows.Width; q < panelCount; q++)
                    {
                        DotKernel.Tile(vectors + first * BlockRows, BlockRows, lanes + q * BlockRows * PackedRows.Width, dots, path);
                        for (var v = 0; v < DotKernel.Vectors; v++)
                        {
                            var a = first + v;
                            for (var c = 0; c < PackedRows.Width; c++)
                            {
                                var b = q * PackedRows.Width + c;
                                if (b >= a)
                                    sums[a * padded + b] += dots[v * PackedRows.Width + c];
                            }
                        }
                    }
                }
            });
        }
        var covariance = new double[d, d];
        var denominator = Math.Max(1, n - 1);
        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
                covariance[a, b] = covariance[b, a] = sums[a * padded + b] / denominator;
        }
        return covariance;
    }
}
