using System.Runtime.Intrinsics;

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
        var offset = Vector256.Create(128);
        for (var r = firstRow; r < endRow; r++)
        {
            for (var b = 0; b < blocks; b++)
            {
                var start = r * cols + b * Q8Rows.Block;
                var block = x.Slice(start, Q8Rows.Block);
                var v0 = Vector256.Create(block);
                var v1 = Vector256.Create(block[8..]);
                var v2 = Vector256.Create(block[16..]);
                var v3 = Vector256.Create(block[24..]);
                var max = Vector256.Max(Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)), Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3)));
                var amax = HorizontalMax(max);
                var id = Vector256.Create(amax != 0 ? 127f / amax : 0f);
                var q0 = Vector256.ConvertToInt32(Vector256.Round(v0 * id)) + offset;
                var q1 = Vector256.ConvertToInt32(Vector256.Round(v1 * id)) + offset;
                var q2 = Vector256.ConvertToInt32(Vector256.Round(v2 * id)) + offset;
                var q3 = Vector256.ConvertToInt32(Vector256.Round(v3 * id)) + offset;
                var bytes = Vector256.Narrow(Vector256.Narrow(q0.AsUInt32(), q1.AsUInt32()), Vector256.Narrow(q2.AsUInt32(), q3.AsUInt32()));
                bytes.CopyTo(offsetQuants.Slice(start, Q8Rows.Block));
                scales[r * blocks + b] = (float)(Half)(amax / 127f);
            }
        }
    }

    /// <summary>Max over the 8 lanes; Math.Max passes NaN on, so a broken activation gives a NaN scale and NaN outputs.</summary>
    private static float HorizontalMax(Vector256<float> v)
    {
        var m = v[0];
        for (var i = 1; i < Vector256<float>.Count; i++)
            m = Math.Max(m, v[i]);
        return m;
    }
}
