namespace Winnow.Tensors;

/// <summary>Out-of-place transpose of a row-major matrix.</summary>
public static class Transpose
{
    /// <summary>[rows × cols] → [cols × rows]: turns an [in × out] kernel (Conv1D, TensorFlow) into the [out × in] layout the GEMM reads as B transposed (once per weight at load time).</summary>
    public static float[] Of(float[] matrix, int rows, int cols)
    {
        var result = new float[matrix.Length];
        Into(matrix, rows, cols, result);
        return result;
    }

    /// <summary>Writes the [cols × rows] transpose of the [rows × cols] <paramref name="matrix"/> to <paramref name="result"/>.</summary>
    public static void Into(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> result)
    {
        var count = (long)rows * cols;
        if (matrix.Length < count || result.Length < count)
            throw new ArgumentException($"a {rows} × {cols} transpose needs {count} floats on each side, got {matrix.Length} and {result.Length}");
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
                result[c * rows + r] = matrix[r * cols + c];
        }
    }
}
