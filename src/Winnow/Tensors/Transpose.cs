namespace Winnow.Tensors;

/// <summary>Out-of-place transpose of a row-major matrix, used once per weight at load time (not a hot path).</summary>
public static class Transpose
{
    /// <summary>[rows × cols] → [cols × rows]: turns an [in × out] kernel (Conv1D, TensorFlow) into the [out × in] layout the GEMM reads as B transposed.</summary>
    public static float[] Of(float[] matrix, int rows, int cols)
    {
        var result = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
                result[(long)c * rows + r] = matrix[(long)r * cols + c];
        }
        return result;
    }
}
