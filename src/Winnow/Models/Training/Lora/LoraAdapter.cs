using Winnow.Models.Compute;
using Winnow.Tensors;

namespace Winnow.Models.Training.Lora;

/// <summary>
/// One LoRA adapter on outputs [OutOffset, OutOffset + OutCount) of a linear layer: y += scale · (x·Aᵀ)·Bᵀ with
/// A [r × in] and B [out × r] as PEFT stores lora_A.weight and lora_B.weight (for GPT-2's Conv1D too: PEFT's
/// fan_in_fan_out only transposes the merged delta). The forward keeps s = scale · x·Aᵀ (n × r) for the backward:
/// dB = dyᵀ·s, ds = dy·B, du = scale · ds, dA = duᵀ·x, dx += du·A.
/// </summary>
internal sealed class LoraAdapter
{
    private float[] _scaledDown = [], _delta = [], _dOut = [], _dDown = [];

    public LoraAdapter(string module, LinearLayer layer, int outOffset, int outCount, int rank, float scale, float[] a, float[] b)
    {
        if (a.Length != rank * layer.In || b.Length != outCount * rank)
            throw new ArgumentException($"{module}: LoRA A has {a.Length} values and B {b.Length}; rank {rank} needs {rank * layer.In} and {outCount * rank}");
        Module = module;
        Layer = layer;
        OutOffset = outOffset;
        OutCount = outCount;
        Rank = rank;
        Scale = scale;
        A = a;
        B = b;
    }

    public string Module { get; }

    public LinearLayer Layer { get; }

    public int OutOffset { get; }

    public int OutCount { get; }

    public int Rank { get; }

    public float Scale { get; }

    public float[] A { get; }

    public float[] B { get; }

    private bool WholeLayer => OutOffset == 0 && OutCount == Layer.Out;

    /// <summary>Adds the adapter's output to y [n × layer.Out] for input x [n × layer.In].</summary>
    public void Forward(ReadOnlySpan<float> x, int n, Span<float> y)
    {
        DecoderActivations.Grow(ref _scaledDown, (long)n * Rank);
        var s = _scaledDown.AsSpan(0, n * Rank);
        Gemm.Multiply(x[..(n * Layer.In)], A, s, n, Rank, Layer.In, bTransposed: true);
        System.Numerics.Tensors.TensorPrimitives.Multiply(s, Scale, s);
        if (WholeLayer)
        {
            Gemm.Multiply(s, B, y[..(n * Layer.Out)], n, OutCount, Rank, bTransposed: true, accumulate: true);
            return;
        }
        DecoderActivations.Grow(ref _delta, (long)n * OutCount);
        Gemm.Multiply(s, B, _delta, n, OutCount, Rank, bTransposed: true);
        for (var t = 0; t < n; t++)
        {
            var target = y.Slice(t * Layer.Out + OutOffset, OutCount);
            System.Numerics.Tensors.TensorPrimitives.Add(target, _delta.AsSpan(t * OutCount, OutCount), target);
        }
    }

    /// <summary>
    /// Given dy [n × layer.Out] (the whole layer's output gradient), adds this adapter's parameter gradients into
    /// dA, dB and its input gradient into dx [n × layer.In]. Uses the s kept by the last <see cref="Forward"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int n, Span<float> dA, Span<float> dB, Span<float> dx)
    {
        ReadOnlySpan<float> dOut;
        if (WholeLayer)
        {
            dOut = dy[..(n * OutCount)];
        }
        else
        {
            DecoderActivations.Grow(ref _dOut, (long)n * OutCount);
            for (var t = 0; t < n; t++)
                dy.Slice(t * Layer.Out + OutOffset, OutCount).CopyTo(_dOut.AsSpan(t * OutCount, OutCount));
            dOut = _dOut.AsSpan(0, n * OutCount);
        }
        var s = _scaledDown.AsSpan(0, n * Rank);
        Gemm.MultiplyTransposedA(dOut, s, dB, OutCount, Rank, n, bTransposed: false, accumulate: true);
        DecoderActivations.Grow(ref _dDown, (long)n * Rank);
        var du = _dDown.AsSpan(0, n * Rank);
        Gemm.Multiply(dOut, B, du, n, Rank, OutCount, bTransposed: false);
        System.Numerics.Tensors.TensorPrimitives.Multiply(du, Scale, du);
        Gemm.MultiplyTransposedA(du, x[..(n * Layer.In)], dA, Rank, Layer.In, n, bTransposed: false, accumulate: true);
        Gemm.Multiply(du, A, dx[..(n * Layer.In)], n, Layer.In, Rank, bTransposed: false, accumulate: true);
    }

    /// <summary>W += scale · (B·A) on this adapter's output rows, in the layer's storage layout.</summary>
    public void MergeInto()
    {
        var w = Layer.Weight;
        var inFeatures = Layer.In;
        var row = new float[inFeatures];
        for (var o = 0; o < OutCount; o++)
        {
            Array.Clear(row);
            for (var j = 0; j < Rank; j++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(A.AsSpan(j * inFeatures, inFeatures), B[o * Rank + j] * Scale, row, row);
            var output = OutOffset + o;
            if (Layer.WeightIsOutByIn)
            {
                var target = w.AsSpan(output * inFeatures, inFeatures);
                System.Numerics.Tensors.TensorPrimitives.Add(target, row, target);
            }
            else
            {
                for (var i = 0; i < inFeatures; i++)
                    w[i * Layer.Out + output] += row[i];
            }
        }
    }
}
