namespace Winnow.Models.Compute;

/// <summary>
/// The arithmetic a transformer forward needs. Two implementations share every model's forward code:
/// <see cref="ReferenceKernels"/> (plain loops, double accumulators: obviously correct, slow) and
/// <see cref="FastKernels"/> (blocked GEMM, TensorPrimitives, attention as per-head GEMMs in parallel).
/// Both are tested against the fixtures and against each other.
/// </summary>
internal interface IKernels
{
    /// <summary>y[rows×Out] = x[rows×In]·W + b, or y += x·W + b when <paramref name="accumulate"/> (residual add).</summary>
    void Linear(ReadOnlySpan<float> x, int rows, LinearLayer layer, Span<float> y, bool accumulate = false);

    /// <summary>Per row: (x − mean) / √(biased var + eps) · gamma + beta.</summary>
    void LayerNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float[] beta, float eps);

    /// <summary>Per row: x / √(mean(x²) + eps) · gamma.</summary>
    void RmsNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float eps);

    void Activate(Span<float> x, Activation activation);

    /// <summary>y[r, j] = silu(gateUp[r, j]) · gateUp[r, inner + j]: rows of gateUp are [gate | up].</summary>
    void SwiGlu(ReadOnlySpan<float> gateUp, int rows, int inner, Span<float> y);

    /// <summary>Softmax(QKᵀ·scale + mask)·V for every sequence and head; output rows [rows × Heads·HeadSize].</summary>
    void Attention(in AttentionShape shape, float[] output);

    /// <summary>log Σ exp(row), computed stably (max subtracted).</summary>
    float LogSumExp(ReadOnlySpan<float> row);
}
