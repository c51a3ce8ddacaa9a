namespace Winnow.Models.Compute;

/// <summary>A normalisation layer: LayerNorm when it has a bias (GPT-2, BERT), RMSNorm when it has none (Llama).</summary>
internal sealed record NormWeights(float[] Gamma, float[]? Beta, float Eps)
{
    public void Apply(IKernels kernels, ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        if (Beta is null)
            kernels.RmsNorm(x, y, rows, Gamma.Length, Gamma, Eps);
        else
            kernels.LayerNorm(x, y, rows, Gamma.Length, Gamma, Beta, Eps);
    }
}
