using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>Element-wise <c>x[i] += y[i]</c> in place (residual connections). Lengths must be equal.</summary>
    public static void Add(Span<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"lengths differ: x has {x.Length}, y has {y.Length}", nameof(y));
        TensorPrimitives.Add(x, y, x);
    }
}
