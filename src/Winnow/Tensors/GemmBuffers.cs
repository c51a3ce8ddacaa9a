using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Winnow.Tensors;

/// <summary>
/// Per-thread packing buffers for <see cref="GemmDriver{TKernel}"/>, reused across calls so the steady state
/// allocates nothing. Arrays live on the pinned object heap (they never move, so raw pointers into them stay
/// valid) and are over-allocated by one cache line so the returned pointer can be 64-byte aligned, which keeps
/// every packed vector load inside one cache line.
/// </summary>
internal static unsafe class GemmBuffers
{
    [ThreadStatic]
    private static float[]? t_a;

    [ThreadStatic]
    private static float[]? t_b;

    /// <summary>Buffer for one packed A micro-panel (MR × kc floats).</summary>
    public static float* A(int count) => Rent(ref t_a, count);

    /// <summary>Buffer for one packed B block (kc × nc floats).</summary>
    public static float* B(int count) => Rent(ref t_b, count);

    private static float* Rent(ref float[]? array, int count)
    {
        const int alignFloats = 16;
        if (array is null || array.Length < count + alignFloats)
            array = GC.AllocateUninitializedArray<float>(count + alignFloats, pinned: true);
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (float*)((p + 63) & ~(nint)63);
    }
}
