using System.Numerics.Tensors;

namespace Winnow.Tensors.Quantised;

/// <summary>
/// Quantises activation rows per 32-value block to 8 bits the way llama.cpp's CPU backend does before a Q8_0 × Q8_0
/// dot (quantize_row_q8_0, x86 SIMD path): id = 127/max|x|, q = round-half-to-even(x · id) in [−127, 127], scale =
/// F16(max|x|/127) widened to float. The fast kernels keep q + 128 (unsigned, 1..255) because vpdpbusd multiplies
/// unsigned by signed bytes; <see cref="QuantiseBlock"/> is the signed form the reference twin uses.
/// </summary>
public static class Q8Activations
{
    /// <summary>Quantises one block of 32 values to signed q; returns its scale.</summary>
    public static float QuantiseBlock(ReadOnlySpan<float> x, Span<sbyte> q)
    {
        var amax = 0f;
        foreach (var v in x[..Q8Rows.Block])
            amax = Math.Max(amax, Math.Abs(v));
        var id = amax != 0 ? 127f / amax : 0f;
        for (var j = 0; j < Q8Rows.Block; j++)
            q[j] = (sbyte)MathF.Round(x[j] * id, MidpointRounding.ToEven);
        return (float)(Half)(amax / 127f);
    }

    /// <summary>
    /// Quantises rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of x [rows × cols] into q + 128
    /// (<paramref name="offsetQuants"/>, same shape) and one scale per block (<paramref name="scales"/>, rows × cols/32).
    /// </summary>
    public static void QuantiseOffset(ReadOnlySpan<float> x, int cols, int firstRow, int endRow, Span<byte> offsetQuants, Span<float> scales)
    {
        var blocks = cols / Q8Rows.Block;
        Span<float> scaled = stackalloc float[Q8Rows.Block];
        for (var r = firstRow; r < endRow; r++)
        {
            for (var b = 0; b < blocks; b++)
            {
                var start = r * cols + b * Q8Rows.Block;
                var block = x.Slice(start, Q8Rows.Block);
                var amax = Math.Abs(TensorPrimitives.MaxMagnitude(block));
                var id = amax != 0 ? 127f / amax : 0f;
                TensorPrimitives.Multiply(block, id, scaled);
                TensorPrimitives.Round(scaled, MidpointRounding.ToEven, scaled);
                var target = offsetQuants.Slice(start, Q8Rows.Block);
                for (var j = 0; j < Q8Rows.Block; j++)
                    target[j] = (byte)((int)scaled[j] + 128);
                scales[r * blocks + b] = (float)(Half)(amax / 127f);
            }
        }
    }
}
