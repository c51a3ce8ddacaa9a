using System.Numerics.Tensors;
using Winnow.Embedding;

namespace Winnow.Selection.Geometry;

/// <summary>
/// The rows of an embedding matrix (memory-mapped float16 for a pool) read in blocks of <see cref="RowBlocks.Size"/>:
/// each block is widened to float32 (and L2-normalised when asked) into a per-thread buffer for one sweep, so a
/// selector that sweeps the pool once per step holds O(n) floats (the squared norms) instead of a 4·d-bytes-a-row
/// copy. Widening float16 is exact and each row is normalised by the same operations as <see cref="DenseRows"/>, so a
/// selector sees the same floats, bit for bit, as it would from the dense copy.
/// </summary>
public sealed class HalfRows
{
    [ThreadStatic]
    private static float[]? _buffer;

    private readonly EmbeddingMatrix _matrix;
    private readonly bool _normalize;

    private HalfRows(EmbeddingMatrix matrix, bool normalize, float[] squaredNorms)
    {
        _matrix = matrix;
        _normalize = normalize;
        SquaredNorms = squaredNorms;
    }

    /// <summary>A widened block of rows [from, to) (row-major, (to − from) × d) handed to a sweep.</summary>
    public delegate void BlockBody(int block, int from, int to, ReadOnlySpan<float> rows);

    public int Count => _matrix.Rows;

    public int Dim => _matrix.Dim;

    /// <summary>‖x_i‖² per row after the optional normalisation (1 for normalised non-zero rows, 0 for zero rows).</summary>
    public float[] SquaredNorms { get; }

    /// <summary>Wraps <paramref name="matrix"/>, computing every row's squared norm in one blocked parallel pass.</summary>
    public static HalfRows From(EmbeddingMatrix matrix, bool normalize, CancellationToken cancellationToken)
    {
        var norms = new float[matrix.Rows];
        var rows = new HalfRows(matrix, normalize, norms);
        rows.ForEachBlock((_, from, _, block) =>
        {
            for (var i = 0; i < block.Length / matrix.Dim; i++)
                norms[from + i] = TensorPrimitives.Dot(block.Slice(i * matrix.Dim, matrix.Dim), block.Slice(i * matrix.Dim, matrix.Dim));
        }, cancellationToken);
        return rows;
    }

    /// <summary>Widens (and normalises) row <paramref name="row"/> into <paramref name="destination"/>.</summary>
    public void Read(int row, Span<float> destination)
    {
        var target = destination[..Dim];
        TensorPrimitives.ConvertToSingle(_matrix.Row(row), target);
        DenseRows.Normalise(target, _normalize);
    }

    /// <summary>Runs <paramref name="body"/> on every block in parallel (<see cref="RowBlocks.ForEach"/>), each block widened first.</summary>
    public void ForEachBlock(BlockBody body, CancellationToken cancellationToken) =>
        RowBlocks.ForEach(Count, (block, from, to) => body(block, from, to, Widen(from, to)), cancellationToken);

    /// <summary>
    /// Runs <paramref name="body"/> on every block in row order on the calling thread, for sums whose rounding must
    /// follow the rows one by one.
    /// </summary>
    public void ForEachBlockInOrder(BlockBody body, CancellationToken cancellationToken)
    {
        for (var block = 0; block < RowBlocks.Count(Count); block++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var from = block * RowBlocks.Size;
            var to = Math.Min(Count, from + RowBlocks.Size);
            body(block, from, to, Widen(from, to));
        }
    }

    private ReadOnlySpan<float> Widen(int from, int to)
    {
        var buffer = _buffer is { } b && b.Length >= RowBlocks.Size * Dim ? b : _buffer = new float[RowBlocks.Size * Dim];
        var rows = buffer.AsSpan(0, (to - from) * Dim);
        TensorPrimitives.ConvertToSingle(_matrix.Block(from, to - from), rows);
        if (_normalize)
        {
            for (var i = 0; i < to - from; i++)
                DenseRows.Normalise(rows.Slice(i * Dim, Dim), normalize: true);
        }
        return rows;
    }
}
