namespace Winnow.Tensors;

internal static partial class KernelsBackward
{
    /// <summary>
    /// Weight gradient of y[n×out] = x[n×in]·Wᵀ (W stored [out×in] when <paramref name="weightIsOutByIn"/>, else
    /// GPT-2's [in×out]): dW += dyᵀ·x resp. xᵀ·dy, db += Σ_rows dy. The GEMM multiplies A untransposed only, so
    /// the narrow side (dy or x) is transposed into <paramref name="scratch"/> first: O(n·width), against the
    /// product's O(n·in·out).
    /// </summary>
    public static void LinearWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, int inFeatures, int outFeatures,
        bool weightIsOutByIn, Span<float> dWeight, Span<float> dBias, float[] scratch)
    {
        if (weightIsOutByIn)
        {
            Transpose(dy, rows, outFeatures, scratch);
            Gemm.Multiply(scratch.AsSpan(0, rows * outFeatures), x[..(rows * inFeatures)], dWeight, outFeatures, inFeatures, rows, bTransposed: false, accumulate: true);
        }
        else
        {
            Transpose(x, rows, inFeatures, scratch);
            Gemm.Multiply(scratch.AsSpan(0, rows * inFeatures), dy[..(rows * outFeatures)], dWeight, inFeatures, outFeatures, rows, bTransposed: false, accumulate: true);
        }
        if (dBias.Length > 0)
        {
            for (var r = 0; r < rows; r++)
                System.Numerics.Tensors.TensorPrimitives.Add(dBias, dy.Slice(r * outFeatures, outFeatures), dBias);
        }
    }

    /// <summary>Input gradient of the same product: dx = dy·W (overwrites, or adds when <paramref name="accumulate"/>).</summary>
    public static void LinearInput(ReadOnlySpan<float> dy, int rows, ReadOnlySpan<float> weight, int inFeatures, int outFeatures,
        bool weightIsOutByIn, Span<float> dx, bool accumulate) =>
        // [out×in] read as B[k×n] (k = out); [in×out] read transposed as B[n×k].
        Gemm.Multiply(dy[..(rows * outFeatures)], weight, dx[..(rows * inFeatures)], rows, inFeatures, outFeatures, bTransposed: !weightIsOutByIn, accumulate);

    private static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = source.Slice(r * columns, columns);
            for (var c = 0; c < columns; c++)
                destination[c * rows + r] = row[c];
        }
    }
}
