namespace Winnow.Tensors;

/// <summary>
/// Single-precision matrix multiply, row-major: C[m×n] = A[m×k] · B (+ C when <paramref name="accumulate"/>).
/// B is read as [n×k] (PyTorch <c>Linear.weight</c> layout) when <paramref name="bTransposed"/>, else as [k×n]
/// (GPT-2 <c>Conv1D</c> layout). This is the stable entry point the models call.
/// </summary>
public static class Gemm
{
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate = false)
    {
        if (a.Length < (long)m * k || b.Length < (long)n * k || c.Length < (long)m * n)
            throw new ArgumentException($"GEMM operand too small for m={m} n={n} k={k}");
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                    sum += a[i * k + p] * (bTransposed ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}
