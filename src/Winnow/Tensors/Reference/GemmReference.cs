namespace Winnow.Tensors;

/// <summary>
/// Scalar reference twin of <see cref="Gemm.Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool, bool)"/>
/// and <see cref="Gemm.MultiplyTransposedA"/>: the triple loop, same layouts and semantics, dot products
/// accumulated in fp32 in k order. Slow; for tests and for readers.
/// </summary>
public static class GemmReference
{
    /// <summary>C[m×n] = A[m×k]·B (+ C when accumulate); B is [n×k] when bTransposed, else [k×n]. All row-major.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate = false)
        => Product(a, aTransposed: false, b, bTransposed, c, m, n, k, accumulate);

    /// <summary>C[m×n] = Aᵀ·B (+ C when accumulate) with aT stored [k×m]; B as in <see cref="Multiply"/>.</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> aT, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool bTransposed, bool accumulate = false)
        => Product(aT, aTransposed: true, b, bTransposed, c, m, n, k, accumulate);

    private static void Product(ReadOnlySpan<float> a, bool aTransposed, ReadOnlySpan<float> b, bool bTransposed, Span<float> c, int m, int n, int k, bool accumulate)
    {
        Gemm.CheckOperands(a.Length, b.Length, c.Length, m, n, k);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                    sum += (aTransposed ? a[p * m + i] : a[i * k + p]) * (bTransposed ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}
