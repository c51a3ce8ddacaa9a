namespace Winnow.Tensors;

internal static partial class KernelsBackward
{
    /// <summary>
    /// Weight gradient of y[n×out] = x[n×in]·Wᵀ (W stored [out×in] when <paramref name="weightIsOutByIn"/>, else
    /// GPT-2's [in×out]): dW += dyᵀ·x resp. xᵀ·dy, db += Σ_rows dy. The GEMM reads dy (resp. x) transposed while
    /// packing, so no transposed copy is written.
    /// </summary>
    public static void LinearWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, int inFeatures, int outFeatures,
        bool weightIsOutByIn, Span<float> dWeight, Span<float> dBias)
    {
        if (weightIsOutByIn)
            Gemm.MultiplyTransposedA(dy[..(rows * outFeatures)], x[..(rows * inFeatures)], dWeight, outFeatures, inFeatures, rows, bTransposed: false, accumulate: true);
        else
            Gemm.MultiplyTransposedA(x[..(rows * inFeatures)], dy[..(rows * outFeatures)], dWeight, inFeatures, outFeatures, rows, bTransposed: false, accumulate: true);
        if (dBias.Length > 0)
        {
            for (var r = 0; r < rows; r++)
                System.Numerics.Tensors.TensorPrimitives.Add(dBias, dy.Slice(r * outFeatures, outFeatures), dBias);
        }
    }

    public static void LinearInput(ReadOnlySpan<float> dy, int rows, ReadOnlySpan<float> weight, int inFeatures, int outFeatures,
        bool weightIsOutByIn, Span<float> dx, bool accumulate) =>
        // [out×in] read as B[k×n] (k = out); [in×out] read transposed as B[n×k].
        Gemm.Multiply(dy[..(rows * outFeatures)], weight, dx[..(rows * inFeatures)], rows, inFeatures, outFeatures, bTransposed: !weightIsOutByIn, accumulate);
}
