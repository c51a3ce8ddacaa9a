namespace Winnow.Models.Gguf;

/// <summary>
/// Hugging Face Llama checkpoints order each head's q/k rows for rotate-half RoPE (pairs (j, j + d/2)); llama.cpp's
/// llama architecture rotates adjacent pairs (2j, 2j + 1), as Meta's original weights do. Row 2j + s of a head in the
/// GGUF is row s·d/2 + j of the same head in the checkpoint.
/// </summary>
public static class RopePermutation
{
    public static float[] ToInterleaved(float[] weights, int heads, int rows, int cols)
    {
        var headDim = rows / heads;
        if (headDim * heads != rows || headDim % 2 != 0)
            throw new ArgumentException($"{rows} rows do not split into {heads} heads of an even size");
        var result = new float[weights.Length];
        var half = headDim / 2;
        for (var h = 0; h < heads; h++)
        {
            for (var j = 0; j < half; j++)
            {
                for (var s = 0; s < 2; s++)
                {
                    var from = (long)(h * headDim + s * half + j) * cols;
                    var to = (long)(h * headDim + 2 * j + s) * cols;
                    Array.Copy(weights, from, result, to, cols);
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The inverse, as a row map for reading a llama GGUF back in the checkpoint's layout: entry r is the GGUF row that
    /// holds checkpoint row r (whole rows move, so it applies to float rows and to Q8_0 rows alike).
    /// </summary>
    public static int[] RotateHalfSourceRows(int heads, int rows)
    {
        var headDim = rows / heads;
        if (headDim * heads != rows || headDim % 2 != 0)
            throw new ArgumentException($"{rows} rows do not split into {heads} heads of an even size");
        var half = headDim / 2;
        var source = new int[rows];
        for (var h = 0; h < heads; h++)
        {
            for (var s = 0; s < 2; s++)
            {
                for (var j = 0; j < half; j++)
                    source[h * headDim + s * half + j] = h * headDim + 2 * j + s;
            }
        }
        return source;
    }
}
