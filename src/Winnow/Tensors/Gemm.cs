namespace Winnow.Tensors;

/// <summary>Which micro-kernel family <see cref="Gemm"/> runs.</summary>
internal enum GemmKernelKind
{
    Scalar,
    Avx2,
    Avx512,
}

/// <summary>
/// Single-precision matrix multiply, row-major: C[m×n] = A[m×k] · B (+ C when <c>accumulate</c>).
/// B is read as [n×k] (PyTorch <c>Linear.weight</c> layout) when <c>bTransposed</c>, else as [k×n]
/// (GPT-2 <c>Conv1D</c> layout). This is the stable entry point the models call.
/// </summary>
/// <remarks>
/// Packed, blocked SGEMM with a 14×32 AVX-512 FMA micro-kernel, a 6×16 AVX2/FMA one where AVX-512 is
/// unavailable, and a portable scalar one otherwise (<see cref="Backend"/> says which). Large products run on
/// up to <see cref="MaxDegreeOfParallelism"/> threads; small ones (m·n·k &lt; 2²¹) on the caller's thread.
/// Results differ from <see cref="GemmReference"/> only by summation order and FMA rounding: |Δ| ≲ k·ε·Σ|a·b|.
/// They are deterministic and do not depend on the thread count (each element is summed in the same order).
/// Steady state allocates nothing (per-thread packing buffers are reused); safe to call from many threads at once.
/// </remarks>
public static unsafe class Gemm
{
    private static readonly GemmKernelKind Best =
        GemmKernelAvx512.IsSupported ? GemmKernelKind.Avx512 :
        GemmKernelAvx2.IsSupported ? GemmKernelKind.Avx2 : GemmKernelKind.Scalar;

    private static int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>Threads a large GEMM may use; defaults to <see cref="Environment.ProcessorCount"/>, at least 1.</summary>
    public static int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set => _maxDegreeOfParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "at least 1 thread");
    }

    /// <summary>The micro-kernel in use and why, for logs: e.g. "avx512 14x32 (Vector512 accelerated, AVX-512F)".</summary>
    public static string Backend => Best switch
    {
        GemmKernelKind.Avx512 => "avx512 14x32 (Vector512 accelerated, AVX-512F)",
        GemmKernelKind.Avx2 => "avx2 6x16 (no accelerated Vector512; AVX2 + FMA)",
        _ => "scalar 4x4 (neither AVX-512 nor AVX2/FMA)",
    };

    /// <summary>C[m×n] = A[m×k]·B (+ C when <paramref name="accumulate"/>); B is [n×k] when <paramref name="bTransposed"/>, else [k×n].</summary>
    /// <remarks>
    /// Spans may be longer than needed (the leading m·k, n·k, m·n elements are used). C must not overlap A or B.
    /// m, n or k = 0 is allowed: k = 0 gives C = 0 (or leaves C when accumulating).
    /// </remarks>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate = false)
        => Multiply(a, b, c, m, n, k, bTransposed, accumulate, _maxDegreeOfParallelism);

    /// <summary>
    /// As <see cref="Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool, bool)"/> on at
    /// most <paramref name="maxThreads"/> threads — pass 1 when the caller already runs GEMMs in parallel (e.g. one
    /// attention head per task), so the calls do not each fan out again.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate, int maxThreads)
        => Product(a, aTransposed: false, b, c, m, n, k, bTransposed, accumulate, maxThreads);

    /// <summary>
    /// C[m×n] = Aᵀ·B (+ C when <paramref name="accumulate"/>) with <paramref name="aT"/> stored [k×m] row-major, the
    /// shape of a weight gradient dW = dYᵀ·X over k token rows; B as in the other overloads. Bit for bit the
    /// product of the explicitly transposed A, without writing that transpose.
    /// </summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> aT, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate = false)
        => MultiplyTransposedA(aT, b, c, m, n, k, bTransposed, accumulate, _maxDegreeOfParallelism);

    /// <summary>As <see cref="MultiplyTransposedA(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool, bool)"/> on at most <paramref name="maxThreads"/> threads.</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> aT, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate, int maxThreads)
        => Product(aT, aTransposed: true, b, c, m, n, k, bTransposed, accumulate, maxThreads);

    /// <summary>The checks and dispatch both unpacked-A forms share; A is [m×k], or [k×m] when <paramref name="aTransposed"/>.</summary>
    private static void Product(ReadOnlySpan<float> a, bool aTransposed, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate, int maxThreads)
    {
        CheckOperands(a.Length, b.Length, c.Length, m, n, k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxThreads);
        if (IsTrivial(c, m, n, k, accumulate))
            return;
        fixed (float* pa = a, pb = b, pc = c)
            Run(Best, pa, aTransposed, pb, bTransposed ? GemmBLayout.Transposed : GemmBLayout.RowMajor, pc, m, n, k, accumulate, maxThreads);
    }

    /// <summary>
    /// Packs a constant B (a weight matrix) once for repeated <see cref="Multiply(ReadOnlySpan{float}, PackedMatrix, Span{float}, int, bool)"/>
    /// calls. <paramref name="b"/> is [n×k] when <paramref name="bTransposed"/> (HF Linear weight), else [k×n].
    /// </summary>
    public static PackedMatrix PackB(ReadOnlySpan<float> b, int n, int k, bool bTransposed)
    {
        CheckOperands(0, b.Length, 0, 0, n, k);
        var nr = Best switch { GemmKernelKind.Avx512 => GemmKernelAvx512.NR, GemmKernelKind.Avx2 => GemmKernelAvx2.NR, _ => GemmKernelScalar.NR };
        var packed = new PackedMatrix(n, k, nr, Best);
        fixed (float* pb = b)
        {
            var dst = packed.Data;
            for (var j = 0; j < n; j += nr)
            {
                var cols = Math.Min(nr, n - j);
                var panel = dst + (nint)j * k;
                if (bTransposed)
                    GemmPacking.PackBTransposed(pb + (nint)j * k, k, k, cols, nr, panel);
                else
                    GemmPacking.PackBRowMajor(pb + j, n, k, cols, nr, panel);
            }
        }
        return packed;
    }

    /// <summary>
    /// C[m×n] = A[m×k]·B (+ C when <paramref name="accumulate"/>) with B pre-packed by <see cref="PackB"/>;
    /// n and k come from <paramref name="b"/>. Same results as the unpacked overload, bit for bit.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, PackedMatrix b, Span<float> c, int m, bool accumulate = false)
        => Multiply(a, b, c, m, accumulate, _maxDegreeOfParallelism);

    /// <summary>As <see cref="Multiply(ReadOnlySpan{float}, PackedMatrix, Span{float}, int, bool)"/> on at most <paramref name="maxThreads"/> threads.</summary>
    public static void Multiply(ReadOnlySpan<float> a, PackedMatrix b, Span<float> c, int m, bool accumulate, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = b.N, k = b.K;
        CheckOperands(a.Length, (long)n * k, c.Length, m, n, k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxThreads);
        if (IsTrivial(c, m, n, k, accumulate))
            return;
        fixed (float* pa = a, pc = c)
            Run(b.Kernel, pa, aTransposed: false, b.Data, GemmBLayout.Packed, pc, m, n, k, accumulate, maxThreads);
    }

    private static void Run(GemmKernelKind kernel, float* a, bool aTransposed, float* b, GemmBLayout layout, float* c, int m, int n, int k, bool accumulate, int threads)
    {
        switch (kernel)
        {
            case GemmKernelKind.Avx512:
                GemmDriver<GemmKernelAvx512>.Multiply(a, aTransposed, b, layout, c, m, n, k, accumulate, threads);
                break;
            case GemmKernelKind.Avx2:
                GemmDriver<GemmKernelAvx2>.Multiply(a, aTransposed, b, layout, c, m, n, k, accumulate, threads);
                break;
            default:
                GemmDriver<GemmKernelScalar>.Multiply(a, aTransposed, b, layout, c, m, n, k, accumulate, threads);
                break;
        }
    }

    /// <summary>Handles empty products: nothing to do for m or n = 0; k = 0 makes A·B the zero matrix.</summary>
    private static bool IsTrivial(Span<float> c, int m, int n, int k, bool accumulate)
    {
        if (m == 0 || n == 0)
            return true;
        if (k != 0)
            return false;
        if (!accumulate)
            c[..(m * n)].Clear();
        return true;
    }

    /// <summary>Throws unless the dimensions are non-negative and every operand holds at least its m·k, n·k, m·n elements.</summary>
    internal static void CheckOperands(long aLength, long bLength, long cLength, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must be non-negative: m={m} n={n} k={k}");
        if (aLength < (long)m * k || bLength < (long)n * k || cLength < (long)m * n)
            throw new ArgumentException($"GEMM operand too small for m={m} n={n} k={k}: a has {aLength} (needs {(long)m * k}), b has {bLength} (needs {(long)n * k}), c has {cLength} (needs {(long)m * n})");
    }
}
