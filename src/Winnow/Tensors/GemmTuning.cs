namespace Winnow.Tensors;

/// <summary>
/// Cache-blocking parameters of the SGEMM driver, measured on the project machine (Xeon, Sapphire Rapids class:
/// 48 KiB L1d and 2 MiB L2 per core); see bench/results/kernels.md for the sweep. Kc and Nc are settable so the
/// timing command can sweep them; the library itself never changes them.
/// </summary>
internal static class GemmTuning
{
    /// <summary>Depth block: the A micro-panel (MR·kc floats) must stay in L1 next to a streaming B micro-panel.</summary>
    public static int Kc { get; set; } = 256;

    /// <summary>Column block: the packed B block (kc·nc floats) must stay in L2.</summary>
    public static int Nc { get; set; } = 1024;

    /// <summary>
    /// Below this many multiply-adds (m·n·k) a GEMM runs on the calling thread only: 2²¹ MACs take ≈ 40 µs on one
    /// core, and handing work to the thread pool and joining costs several microseconds even when a core is idle.
    /// </summary>
    public const long ParallelThresholdMacs = 1L << 21;
}
