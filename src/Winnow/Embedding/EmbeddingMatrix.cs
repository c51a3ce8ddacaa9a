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

    /// <summary>Widened copy as one float32 array (n × d), for algorithms that sweep the whole matrix many times.</summary>
    public float[] ToFloat()
    {
        var result = new float[_data.Length];
        for (var i = 0; i < _data.Length; i++)
            result[i] = (float)_data[i];
        return result;
    }
}
