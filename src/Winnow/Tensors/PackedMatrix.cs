using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Winnow.Tensors;

/// <summary>
/// A B operand (a constant weight matrix) packed once by <see cref="Gemm.PackB"/> into the micro-panel layout
/// of the SGEMM kernel chosen on this machine, so <see cref="Gemm.Multiply(ReadOnlySpan{float}, PackedMatrix, Span{float}, int, bool)"/>
/// skips the per-call packing and threads share one read-only copy.
/// </summary>
/// <remarks>
/// Logically B is k×n (C = A·B gives n output columns). Layout: ⌈n/NR⌉ panels, panel q holding columns
/// [q·NR, q·NR + NR) as k groups of NR floats (columns past n zero), 64-byte aligned on the pinned heap.
/// Memory: k·⌈n/NR⌉·NR floats — about the size of the original. Immutable and thread-safe once built; the
/// source span is not referenced after packing.
/// </remarks>
public sealed unsafe class PackedMatrix
{
    private readonly float[] _storage;
    private readonly int _offset;

    internal PackedMatrix(int n, int k, int nr, GemmKernelKind kernel)
    {
        N = n;
        K = k;
        PanelWidth = nr;
        Kernel = kernel;
        var panels = (n + nr - 1) / nr;
        // One extra cache line so the start can be aligned; pinned so the raw pointer stays valid.
        _storage = GC.AllocateUninitializedArray<float>(checked(panels * nr * k) + 16, pinned: true);
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
        _offset = (int)(((p + 63) & ~(nint)63) - p) / sizeof(float);
    }

    /// <summary>Number of columns of C (output features): B is k×n.</summary>
    public int N { get; }

    /// <summary>Shared (inner) dimension: A must be m×k.</summary>
    public int K { get; }

    /// <summary>Columns per packed panel (the kernel's NR: 32 for AVX-512, 16 for AVX2, 4 scalar).</summary>
    internal int PanelWidth { get; }

    /// <summary>The kernel the layout was packed for.</summary>
    internal GemmKernelKind Kernel { get; }

    /// <summary>Aligned start of the packed panels; valid for the object's lifetime (the array is pinned).</summary>
    internal float* Data => (float*)Unsafe.AsPointer(ref _storage[_offset]);
}
