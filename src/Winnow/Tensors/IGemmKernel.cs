namespace Winnow.Tensors;

/// <summary>
/// A register-blocked GEMM micro-kernel: C[MR×NR] (+)= Ã·B̃ over kc steps, where Ã is a packed A micro-panel
/// (kc groups of MR row values, one per k) and B̃ a packed B micro-panel (kc groups of NR column values).
/// Implemented by structs so the generic driver is specialised per kernel and the calls inline.
/// </summary>
internal interface IGemmKernel
{
    /// <summary>Rows of C per tile (values of A broadcast per k step).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per tile (B values loaded as vectors per k step).</summary>
    static abstract int NR { get; }

    /// <summary>Whether the instructions the kernel needs are available on this CPU.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// Computes the full MR×NR tile at <paramref name="c"/> (row stride <paramref name="ldc"/> floats); adds to it
    /// when <paramref name="add"/>, else overwrites it. kc ≥ 1.
    /// </summary>
    static abstract unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool add);
}
