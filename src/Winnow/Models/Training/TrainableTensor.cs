namespace Winnow.Models.Training;

/// <summary>
/// One checkpoint tensor by its Hugging Face name, as a slice of the array the engine computes with: the
/// Llama family's q/k/v and gate/up projections are stacked at load (rows of [out, in] weights are contiguous), so
/// q_proj.weight is the first slice of the stacked weight and k_proj.weight the next. Gradients and optimiser
/// state use the same (array, offset) addressing.
/// </summary>
internal sealed record TrainableTensor(string Name, long[] Shape, float[] Data, int Offset, int Length)
{
    public Span<float> Values => Data.AsSpan(Offset, Length);

    /// <summary>Biases and norm weights (1-D) are conventionally excluded from weight decay.</summary>
    public bool IsVector => Shape.Length == 1;
}
