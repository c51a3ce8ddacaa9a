using System.Numerics.Tensors;

namespace Winnow.Embedding;

/// <summary>
/// Row-major n × d embedding matrix stored as float16 to halve the memory of the only whole-pool state the
/// clustering selectors need. Rows are widened to float32 on read for arithmetic.
/// </summary>
public sealed class EmbeddingMatrix
{
    private readonly Half[] _data;

    public EmbeddingMatrix(int rows, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        Rows = rows;
        Dim = dim;
        _data = new Half[checked(rows * dim)];
    }

    public EmbeddingMatrix(int rows, int dim, Half[] data)
    {
        if (data.Length != (long)rows * dim)
            throw new ArgumentException($"embedding data has {data.Length} values, expected {rows} × {dim}");
        Rows = rows;
        Dim = dim;
        _data = data;
    }

    public int Rows { get; }

    public int Dim { get; }

    public Span<Half> Row(int row) => _data.AsSpan(row * Dim, Dim);

    public ReadOnlySpan<Half> Data => _data;

    public void ReadRow(int row, Span<float> destination)
    {
        var source = Row(row);
        for (var j = 0; j < Dim; j++)
            destination[j] = (float)source[j];
    }

    public void WriteRow(int row, ReadOnlySpan<float> values)
    {
        if (values.Length != Dim)
            throw new ArgumentException($"row has {values.Length} values, expected {Dim}");
        var target = Row(row);
        for (var j = 0; j < Dim; j++)
            target[j] = (Half)values[j];
    }

    /// <summary>Widens the rows [start, start + count) into <paramref name="destination"/> (count × d, row-major).</summary>
    public void ReadRows(int start, int count, Span<float> destination)
    {
        if (start < 0 || count < 0 || start + count > Rows || destination.Length < (long)count * Dim)
            throw new ArgumentOutOfRangeException(nameof(count), $"rows [{start}, {start + count}) of {Rows}, into {destination.Length} floats");
        TensorPrimitives.ConvertToSingle(_data.AsSpan(start * Dim, count * Dim), destination);
    }

    /// <summary>Widened copy of the listed rows, in list order (rows.Count × d), e.g. a training sample.</summary>
    public float[] ToFloat(IReadOnlyList<int> rows)
    {
        var result = new float[(long)rows.Count * Dim];
        for (var i = 0; i < rows.Count; i++)
            TensorPrimitives.ConvertToSingle(Row(rows[i]), result.AsSpan(i * Dim, Dim));
        return result;
    }

    /// <summary>Widened copy as one float32 array (n × d), for algorithms that sweep the whole matrix many times.</summary>
    public float[] ToFloat()
    {
        var result = new float[_data.Length];
        for (var i = 0; i < _data.Length; i++)
            result[i] = (float)_data[i];
        return result;
    }
}
