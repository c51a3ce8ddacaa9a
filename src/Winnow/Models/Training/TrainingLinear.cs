using Winnow.Models.Compute;
using Winnow.Tensors;

namespace Winnow.Models.Training;

/// <summary>
/// A linear layer's forward and backward for training, with the weight read unpacked (it changes every optimiser
/// step): y = x·Wᵀ + b, and from dy the weight, bias and (optionally) input gradients.
/// </summary>
internal static class TrainingLinear
{
    public static void Forward(ReadOnlySpan<float> x, int rows, LinearLayer layer, Span<float> y, bool accumulate = false)
    {
        var output = y[..(rows * layer.Out)];
        if (layer.Bias is { } bias)
        {
            FastKernels.SeedBias(output, rows, bias, accumulate);
            accumulate = true;
        }
        Gemm.Multiply(x[..(rows * layer.In)], layer.Weight, output, rows, layer.Out, layer.In, bTransposed: layer.WeightIsOutByIn, accumulate);
    }

    /// <summary>Adds dW and db into the gradients; writes dx (overwrites) unless it is empty.</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, LinearLayer layer, Gradients g, Span<float> dx)
    {
        KernelsBackward.LinearWeights(x, dy, rows, layer.In, layer.Out, layer.WeightIsOutByIn, g.Of(layer.Weight), g.Of(layer.Bias));
        if (!dx.IsEmpty)
            KernelsBackward.LinearInput(dy, rows, layer.Weight, layer.In, layer.Out, layer.WeightIsOutByIn, dx, accumulate: false);
    }

    /// <summary>The layer's tensors by nn.Linear names: <c>name.weight</c> [out, in], <c>name.bias</c> [out].</summary>
    public static IEnumerable<TrainableTensor> Tensors(string name, LinearLayer layer)
    {
        if (!layer.WeightIsOutByIn)
            throw new ArgumentException($"{name}: only [out, in] (nn.Linear) weights are trainable here");
        yield return new TrainableTensor(name + ".weight", [layer.Out, layer.In], layer.Weight, 0, layer.Weight.Length);
        if (layer.Bias is { } bias)
            yield return new TrainableTensor(name + ".bias", [layer.Out], bias, 0, bias.Length);
    }
}
