namespace Winnow.Tensors;

internal static partial class KernelsBackward
{
    /// <summary>y = tanh(x), given y: dx = dy·(1 − y²). Overwrites dx (which may alias dy).</summary>
    public static void Tanh(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < y.Length; i++)
            dx[i] = dy[i] * (1f - y[i] * y[i]);
    }

    /// <summary>y = σ(x), given y: dx = dy·y·(1 − y). Overwrites dx (which may alias dy).</summary>
    public static void Sigmoid(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < y.Length; i++)
            dx[i] = dy[i] * y[i] * (1f - y[i]);
    }

    /// <summary>y = max(x, 0), given x or y (same sign test): dx = dy where x &gt; 0, else 0 (PyTorch's choice at 0). Overwrites dx.</summary>
    public static void Relu(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < x.Length; i++)
            dx[i] = x[i] > 0 ? dy[i] : 0f;
    }

    /// <summary>
    /// Gradient of an embedding lookup y[t] = table[ids[t]] (rows of <paramref name="width"/>): dTable[ids[t]] += dy[t].
    /// A row used several times accumulates every use.
    /// </summary>
    public static void EmbeddingRows(ReadOnlySpan<int> ids, ReadOnlySpan<float> dy, Span<float> dTable, int width)
    {
        for (var t = 0; t < ids.Length; t++)
        {
            var row = dTable.Slice(ids[t] * width, width);
            System.Numerics.Tensors.TensorPrimitives.Add(row, dy.Slice(t * width, width), row);
        }
    }
}
