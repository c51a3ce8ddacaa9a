using System.Numerics.Tensors;

namespace Winnow.Embedding.UseLite;

/// <summary>Row-wise operations on row-major [rows × width] activations, in the op order of the TF graph.</summary>
internal static class RowKernels
{
    /// <summary>Adds <paramref name="bias"/> to every row (TF BiasAdd).</summary>
    public static void AddBias(Span<float> rows, ReadOnlySpan<float> bias)
    {
        for (var offset = 0; offset < rows.Length; offset += bias.Length)
            TensorPrimitives.Add(rows.Slice(offset, bias.Length), bias, rows.Slice(offset, bias.Length));
    }

    /// <summary>
    /// Tensor2tensor layer norm: scale · rsqrt(mean((x − mean)²) + ε) · (x − mean) + bias over each row.
    /// </summary>
    public static void LayerNorm(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, float epsilon)
    {
        var width = scale.Length;
        Span<float> factor = width <= 1024 ? stackalloc float[width] : new float[width];
        for (var offset = 0; offset < input.Length; offset += width)
        {
            var x = input.Slice(offset, width);
            var y = output.Slice(offset, width);
            var mean = TensorPrimitives.Sum(x) / width;
            TensorPrimitives.Subtract(x, mean, y);
            var variance = TensorPrimitives.SumOfSquares(y) / width;
            TensorPrimitives.Multiply(scale, 1f / MathF.Sqrt(variance + epsilon), factor);
            TensorPrimitives.MultiplyAdd(factor, y, bias, y);
        }
    }

    /// <summary>Softmax of each row, max-subtracted like TF's kernel.</summary>
    public static void Softmax(Span<float> rows, int width)
    {
        for (var offset = 0; offset < rows.Length; offset += width)
        {
            var row = rows.Slice(offset, width);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }
    }
}
