namespace Winnow.Tensors;

/// <summary>
/// Single-precision matrix multiply, row-major: C[m×n] = A[m×k] · B (+ C when <c>accumulate</c>).
/// B is read as [n×k] (PyTorch <c>Linear.weight</c> layout) when <c>bTransposed</c>, else as [k×n]
/// (GPT-2 <c>Conv1D</c> layout). This is the stable entry point the models call.
/// </summary>
public static class Gemm
{
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate = false)
        => GemmReference.Multiply(a, b, c, m, n, k, bTransposed, accumulate);

    /// <summary>Throws unless the dimensions are non-negative and every operand holds at least its m·k, n·k, m·n elements.</summary>
    internal static void CheckOperands(long aLength, long bLength, long cLength, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must be non-negative: m={m} n={n} k={k}");
        if (aLength < (long)m * k || bLength < (long)n * k || cLength < (long)m * n)
            throw new ArgumentException($"GEMM operand too small for m={m} n={n} k={k}: a has {aLength} (needs {(long)m * k}), b has {bLength} (needs {(long)n * k}), c has {cLength} (needs {(long)m * n})");
    }
}
