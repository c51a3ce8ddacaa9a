using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>Numerically stable <c>log Σ exp(row[i])</c> of one row, computed as <c>max + log Σ exp(row[i] − max)</c>.</summary>
    /// <remarks>
    /// Edge cases: an empty row or a row of all −∞ gives −∞. Any NaN gives NaN; a +∞ entry gives NaN (∞ − ∞).
    /// Allocation-free: exponentials go through a small stack buffer, so a 50k-wide vocabulary row costs no heap.
    /// </remarks>
    public static float LogSumExp(ReadOnlySpan<float> row)
    {
        if (row.IsEmpty)
            return float.NegativeInfinity;
        var max = TensorPrimitives.Max(row);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max))
            return max;
        return max + MathF.Log(SumExpShifted(row, max));
    }

    /// <summary>Σ exp(row[i] − shift), in chunks that stay in L1; accumulated in double so long rows lose nothing.</summary>
    private static float SumExpShifted(ReadOnlySpan<float> row, float shift)
    {
        Span<float> chunk = stackalloc float[256];
        var sum = 0.0;
        for (var start = 0; start < row.Length; start += chunk.Length)
        {
            var part = chunk[..Math.Min(chunk.Length, row.Length - start)];
            TensorPrimitives.Subtract(row.Slice(start, part.Length), shift, part);
            TensorPrimitives.Exp(part, part);
            sum += TensorPrimitives.Sum<float>(part);
        }
        return (float)sum;
    }
}
