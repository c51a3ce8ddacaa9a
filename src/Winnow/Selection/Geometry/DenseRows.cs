using System.Numerics.Tensors;
using Winnow.Embedding;

namespace Winnow.Selection.Geometry;

/// <summary>
/// A float32, row-major copy of chosen embedding rows with their squared norms. The geometric selectors sweep
/// every row once per step, so widening float16 once (4·n·d bytes) is cheaper than converting on every sweep.
/// </summary>
public sealed class DenseRows
{
    private readonly float[] _data;

    private DenseRows(float[] data, int count, int dim, float[] squaredNorms)
    {
        _data = data;
        Count = count;
        Dim = dim;
        SquaredNorms = squaredNorms;
    }

    public int Count { get; }

    public int Dim { get; }

    /// <summary>‖x_i‖² per row (1 for normalised non-zero rows, 0 for zero rows).</summary>
    public float[] SquaredNorms { get; }

    public ReadOnlySpan<float> Data => _data;

    public ReadOnlySpan<float> Row(int i) => _data.AsSpan(i * Dim, Dim);

    /// <summary>Rows <c>[start, start + count)</c> as one contiguous span.</summary>
    public ReadOnlySpan<float> Rows(int start, int count) => _data.AsSpan(start * Dim, count * Dim);

    /// <summary>All rows of <paramref name="matrix"/> in pool order.</summary>
    public static DenseRows From(EmbeddingMatrix matrix, bool normalize) =>
        From(matrix, null, normalize);

    /// <summary>The given pool rows, in the given order (row i of the copy is pool row <c>rows[i]</c>).</summary>
    public static DenseRows From(EmbeddingMatrix matrix, IReadOnlyList<int>? rows, bool normalize)
    {
        var count = rows?.Count ?? matrix.Rows;
        var dim = matrix.Dim;
        var data = new float[checked(count * dim)];
        var norms = new float[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows is null ? i : rows[i];
            if ((uint)row >= (uint)matrix.Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), $"row {row} is outside the {matrix.Rows}-row embedding matrix");
            var target = data.AsSpan(i * dim, dim);
            TensorPrimitives.ConvertToSingle(matrix.Row(row), target);
            norms[i] = Normalise(target, normalize);
        }
        return new DenseRows(data, count, dim, norms);
    }

    /// <summary>Scales <paramref name="row"/> to unit length when asked (zero rows stay zero) and returns its squared norm.</summary>
    public static float Normalise(Span<float> row, bool normalize)
    {
        var squared = TensorPrimitives.Dot(row, row);
        if (!normalize || squared == 0f)
            return squared;
        TensorPrimitives.Multiply(row, 1f / MathF.Sqrt(squared), row);
        return TensorPrimitives.Dot(row, row);
    }
}
