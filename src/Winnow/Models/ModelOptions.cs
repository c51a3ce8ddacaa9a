namespace Winnow.Models;

/// <summary>How a loaded model computes.</summary>
public sealed record ModelOptions
{
    public static readonly ModelOptions Default = new();

    /// <summary>Worker threads for attention (the GEMM schedules its own threads).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>How a decoder's linear weights are held (float32, or Q8_0 blocks with 8-bit activations).</summary>
    public WeightFormat Weights { get; init; } = WeightFormat.Float32;

    /// <summary>Run the slow, plain-loop reference kernels instead of the fast ones (for checking, not for use).</summary>
    public bool UseReferenceKernels { get; init; }

    internal Compute.IKernels CreateKernels() =>
        UseReferenceKernels ? Compute.ReferenceKernels.Instance : new Compute.FastKernels(Threads);
}
