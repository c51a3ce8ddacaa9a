using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// RMS normalisation of each row of width <c>d = weight.Length</c>, as Hugging Face Llama/Qwen2/Mistral:
    /// <c>y = x · rsqrt(mean(x²) + epsilon) · weight</c>, all in fp32.
    /// </summary>
    /// <param name="x">Rows of width d, row-major; its length must be a multiple of d.</param>
    /// <param name="weight">Per-feature scale, length d (Gemma's <c>1 + weight</c> convention is the caller's job).</param>
    /// <param name="epsilon">Added to the mean square (config <c>rms_norm_eps</c>).</param>
    /// <param name="destination">Same length as x; may be x itself (in place). Partial overlap is an error.</param>
    /// <remarks>The normalised value is rounded to fp32 before the weight multiply, the same order as HF.</remarks>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float epsilon, Span<float> destination)
    {
        var d = weight.Length;
        CheckRows(x, destination, d, nameof(weight));
        for (var start = 0; start < x.Length; start += d)
        {
            var row = x.Slice(start, d);
            var y = destination.Slice(start, d);
            var invRms = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(row) / d + epsilon);
            TensorPrimitives.Multiply(row, invRms, y);
            TensorPrimitives.Multiply(y, weight, y);
        }
    }
}
