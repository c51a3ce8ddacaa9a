namespace Winnow.Models.Gguf;

/// <summary>
/// Encodes float32 rows as ggml F16, Q8_0 and Q4_0 blocks exactly as ggml's reference quantisers do
/// (quantize_row_q8_0_ref: d = max|x|/127 stored as F16, q = round-half-away(x/d) with the float d;
/// quantize_row_q4_0_ref: d = (the value of largest magnitude)/−8, q = min(15, trunc(x/d + 8.5)), low nibbles first half).
/// </summary>
public static class GgufQuantizer
{
    public static byte[] Encode(ReadOnlySpan<float> values, GgmlType type) => type switch
    {
        GgmlType.F32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray(),
        GgmlType.F16 => F16(values),
        GgmlType.Q8_0 => Q8_0(values),
        GgmlType.Q4_0 => Q4_0(values),
        _ => throw new NotSupportedException($"writing ggml type {GgmlTypes.Name(type)} is not supported (f32, f16, q8_0, q4_0 are)"),
    };

    private static byte[] F16(ReadOnlySpan<float> values)
    {
        var result = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(result.AsSpan(i * 2), (Half)values[i]);
        return result;
    }

    private static byte[] Q8_0(ReadOnlySpan<float> values)
    {
        const int block = 32;
        var result = new byte[values.Length / block * 34];
        for (var b = 0; b < values.Length / block; b++)
        {
            var x = values.Slice(b * block, block);
            var amax = 0f;
            foreach (var v in x)
                amax = Math.Max(amax, Math.Abs(v));
            var d = amax / 127f;
            var id = d != 0 ? 1f / d : 0f;
            var target = result.AsSpan(b * 34, 34);
            BitConverter.TryWriteBytes(target, (Half)d);
            for (var j = 0; j < block; j++)
                target[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
        return result;
    }

    private static byte[] Q4_0(ReadOnlySpan<float> values)
    {
        const int block = 32;
        var result = new byte[values.Length / block * 18];
        for (var b = 0; b < values.Length / block; b++)
        {
            var x = values.Slice(b * block, block);
            float amax = 0, max = 0;
            foreach (var v in x)
            {
                if (Math.Abs(v) > amax)
                {
                    amax = Math.Abs(v);
                    max = v;
                }
            }
            var d = max / -8f;
            var id = d != 0 ? 1f / d : 0f;
            var target = result.AsSpan(b * 18, 18);
            BitConverter.TryWriteBytes(target, (Half)d);
            for (var j = 0; j < block / 2; j++)
            {
                var lo = Math.Min(15, (int)(sbyte)(x[j] * id + 8.5f));
                var hi = Math.Min(15, (int)(sbyte)(x[block / 2 + j] * id + 8.5f));
                target[2 + j] = (byte)(lo | (hi << 4));
            }
        }
        return result;
    }
}
