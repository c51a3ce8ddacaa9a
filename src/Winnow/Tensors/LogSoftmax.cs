using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Numerically stable log-softmax of one row, in place: <c>row[i] = (row[i] − max) − log Σ exp(row[j] − max)</c>.
    /// </summary>
    /// <remarks>
    /// Edge cases: an empty row is left as is. A row of all −∞ becomes all NaN (there is no distribution), as in
    /// PyTorch. Any NaN makes the whole row NaN. The max is subtracted first and the log-sum second, so large logits
    /// keep their small differences (subtracting <c>max + log s</c> at once would round them away).
    /// </remarks>
    public static void LogSoftmax(Span<float> row)
    {
        if (row.IsEmpty)
            return;
        var max = TensorPrimitives.Max(row);
        var logSum = MathF.Log(SumExpShifted(row, max));
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Subtract(row, logSum, row);
    }
}
