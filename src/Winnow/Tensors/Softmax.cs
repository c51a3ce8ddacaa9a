using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Numerically stable softmax of one row, in place: <c>row[i] = exp(row[i] - max) / Σ exp(row[j] - max)</c>.
    /// </summary>
    /// <remarks>
    /// Edge cases: an empty row is left as is. A row whose entries are all −∞ (fully masked) becomes all zeros
    /// rather than NaN, so a padded row cannot poison later sums. Any NaN in the row makes the whole row NaN.
    /// A +∞ entry makes the whole row NaN (∞ − ∞).
    /// </remarks>
    public static void Softmax(Span<float> row)
    {
        if (row.IsEmpty)
            return;
        var max = TensorPrimitives.Max(row);
        if (float.IsNegativeInfinity(max))
        {
            row.Clear();
            return;
        }
        // Subtracting the max keeps every exponent ≤ 0, so nothing overflows and the largest term is exactly 1.
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        TensorPrimitives.Multiply(row, 1f / TensorPrimitives.Sum(row), row);
    }
}
