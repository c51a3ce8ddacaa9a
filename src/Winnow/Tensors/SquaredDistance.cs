using System.Runtime.Intrinsics;

namespace Winnow.Tensors;

/// <summary>
/// ‖a − b‖² in float32 with Vector512 / Vector256 lanes (<see cref="Compute"/>) and its scalar twin
/// (<see cref="Reference"/>) that the tests hold it to. Direct differences are used (not ‖a‖² + ‖b‖² − 2a·b)
/// because the caller needs exact small distances: the final inertia.
/// </summary>
internal static unsafe class SquaredDistance
{
    public static float Compute(float* a, float* b, int length)
    {
        var j = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && length >= 16)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            for (; j + 32 <= length; j += 32)
            {
                var d0 = Vector512.Load(a + j) - Vector512.Load(b + j);
                var d1 = Vector512.Load(a + j + 16) - Vector512.Load(b + j + 16);
                acc0 = Vector512.FusedMultiplyAdd(d0, d0, acc0);
                acc1 = Vector512.FusedMultiplyAdd(d1, d1, acc1);
            }
            for (; j + 16 <= length; j += 16)
            {
                var d0 = Vector512.Load(a + j) - Vector512.Load(b + j);
                acc0 = Vector512.FusedMultiplyAdd(d0, d0, acc0);
            }
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; j + 16 <= length; j += 16)
            {
                var d0 = Vector256.Load(a + j) - Vector256.Load(b + j);
                var d1 = Vector256.Load(a + j + 8) - Vector256.Load(b + j + 8);
                acc0 = Vector256.FusedMultiplyAdd(d0, d0, acc0);
                acc1 = Vector256.FusedMultiplyAdd(d1, d1, acc1);
            }
            for (; j + 8 <= length; j += 8)
            {
                var d0 = Vector256.Load(a + j) - Vector256.Load(b + j);
                acc0 = Vector256.FusedMultiplyAdd(d0, d0, acc0);
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; j < length; j++)
        {
            var diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }

    public static float Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var j = 0; j < a.Length; j++)
        {
            var diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }
}
