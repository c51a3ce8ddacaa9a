using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>Adds <paramref name="bias"/> to every row of <paramref name="x"/> in place; the row width is bias.Length.</summary>
    /// <remarks>x must be a whole number of rows; an empty x is a no-op. Bias must not be empty.</remarks>
    public static void AddBias(Span<float> x, ReadOnlySpan<float> bias)
    {
        var d = bias.Length;
        CheckRows(x, x, d, nameof(bias));
        for (var start = 0; start < x.Length; start += d)
            TensorPrimitives.Add(x.Slice(start, d), bias, x.Slice(start, d));
    }
}
