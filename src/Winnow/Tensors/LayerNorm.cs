using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Layer normalisation of each row of width <c>d = gamma.Length</c>:
    /// <c>y = (x − mean) / sqrt(var + epsilon) · gamma + beta</c>, with the biased variance (divide by d), as
    /// PyTorch <c>nn.LayerNorm</c> (BERT, GPT-2).
    /// </summary>
    /// <param name="x">Rows of width d, row-major; its length must be a multiple of d.</param>
    /// <param name="gamma">Scale, length d.</param>
    /// <param name="beta">Shift, length d.</param>
    /// <param name="epsilon">Added to the variance (1e-5 for GPT-2, 1e-12 for BERT).</param>
    /// <param name="destination">Same length as x; may be x itself (in place). Partial overlap is an error.</param>
    /// <remarks>
    /// The variance is computed in two passes (mean first, then squared deviations), which is stable when the
    /// mean is large against the spread, unlike E[x²] − E[x]². A constant row gives y = beta.
    /// </remarks>
    public static void LayerNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon, Span<float> destination)
    {
        var d = gamma.Length;
        CheckRows(x, destination, d, nameof(gamma));
        if (beta.Length != d)
            throw new ArgumentException($"beta has length {beta.Length}, expected {d} (gamma's length)", nameof(beta));
        for (var start = 0; start < x.Length; start += d)
        {
            var y = destination.Slice(start, d);
            var mean = TensorPrimitives.Sum(x.Slice(start, d)) / d;
            TensorPrimitives.Subtract(x.Slice(start, d), mean, y);
            var invStd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(y) / d + epsilon);
            TensorPrimitives.Multiply(y, invStd, y);
            TensorPrimitives.FusedMultiplyAdd(y, gamma, beta, y);
        }
    }

    /// <summary>Checks a row-wise operation's operands: width d ≥ 1, x a whole number of rows, destination as long as x.</summary>
    private static void CheckRows(ReadOnlySpan<float> x, ReadOnlySpan<float> destination, int d, string widthName)
    {
        if (d == 0)
            throw new ArgumentException("row width must be at least 1", widthName);
        if (x.Length % d != 0)
            throw new ArgumentException($"input length {x.Length} is not a multiple of the row width {d}", nameof(x));
        if (destination.Length != x.Length)
            throw new ArgumentException($"destination length {destination.Length} differs from input length {x.Length}", nameof(destination));
    }
}
