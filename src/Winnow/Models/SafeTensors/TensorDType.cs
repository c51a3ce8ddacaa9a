namespace Winnow.Models.SafeTensors;

/// <summary>The safetensors dtypes this loader recognises (the names are the spec's strings).</summary>
public enum TensorDType
{
    BOOL, U8, I8, F8_E4M3, F8_E5M2, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64,
}

internal static class TensorDTypes
{
    public static bool TryParse(string name, out TensorDType dtype) =>
        Enum.TryParse(name, ignoreCase: false, out dtype) && Enum.IsDefined(dtype) && dtype.ToString() == name;

    public static int SizeInBytes(TensorDType dtype) => dtype switch
    {
        TensorDType.BOOL or TensorDType.U8 or TensorDType.I8 or TensorDType.F8_E4M3 or TensorDType.F8_E5M2 => 1,
        TensorDType.I16 or TensorDType.U16 or TensorDType.F16 or TensorDType.BF16 => 2,
        TensorDType.I32 or TensorDType.U32 or TensorDType.F32 => 4,
        TensorDType.F64 or TensorDType.I64 or TensorDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Whether <see cref="ToSingle"/> can widen this dtype (exactly for F16/BF16, rounded for F64).</summary>
    public static bool IsFloat(TensorDType dtype) =>
        dtype is TensorDType.F32 or TensorDType.F16 or TensorDType.BF16 or TensorDType.F64;

    /// <summary>Converts little-endian raw bytes of a float dtype to float32.</summary>
    public static void ToSingle(TensorDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case TensorDType.F32:
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case TensorDType.F16:
                var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(source);
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(halves, destination);
                break;
            case TensorDType.BF16:
                // bfloat16 is the top half of an IEEE float32: widening is a 16-bit shift, exact.
                var raw = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(source);
                for (var i = 0; i < raw.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                break;
            case TensorDType.F64:
                var doubles = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(source);
                for (var i = 0; i < doubles.Length; i++)
                    destination[i] = (float)doubles[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a float dtype");
        }
    }
}
