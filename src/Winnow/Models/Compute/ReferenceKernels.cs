using Winnow.Tensors;

namespace Winnow.Models.Compute;

/// <summary>
/// The readable path: every operation as the textbook loop, one thread — the projections and attention here
/// (accumulating in double), the element-wise work through the scalar twins in <see cref="KernelsReference"/>. It defines what
/// the fast path must compute; tests compare both with the fixtures and with each other.
/// </summary>
internal sealed class ReferenceKernels : IKernels
{
    public static readonly ReferenceKernels Instance = new();

    public void Linear(ReadOnlySpan<float> x, int rows, LinearLayer layer, Span<float> y, bool accumulate = false)
    {
        if (layer.Quantised is { } quantised)
        {
            // Q8_0: the bias goes in first, as the fast path seeds it, then the plain block-dot twin adds x·W.
            if (layer.Bias is { } bias)
            {
                for (var r = 0; r < rows; r++)
                {
                    for (var o = 0; o < layer.Out; o++)
                        y[r * layer.Out + o] = accumulate ? y[r * layer.Out + o] + bias[o] : bias[o];
                }
                accumulate = true;
            }
            Q8GemmReference.Multiply(x, rows, quantised.ToRows(), y, accumulate);
            return;
        }
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < layer.Out; o++)
            {
                double sum = layer.Bias?[o] ?? 0f;
                for (var i = 0; i < layer.In; i++)
                    sum += (double)x[r * layer.In + i] * layer.At(o, i);
                var index = r * layer.Out + o;
                y[index] = accumulate ? (float)(y[index] + sum) : (float)sum;
            }
        }
    }

    public void LayerNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float[] beta, float eps) =>
        KernelsReference.LayerNorm(x[..(rows * dim)], gamma, beta, eps, y[..(rows * dim)]);

    public void RmsNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float eps) =>
        KernelsReference.RmsNorm(x[..(rows * dim)], gamma, eps, y[..(rows * dim)]);

    public void Activate(Span<float> x, Activation activation)
    {
        switch (activation)
        {
            case Activation.GeluExact:
                KernelsReference.Gelu(x, x);
                break;
            case Activation.GeluTanh:
                KernelsReference.GeluTanh(x, x);
                break;
            case Activation.Relu:
                for (var i = 0; i < x.Length; i++)
                    x[i] = Math.Max(x[i], 0f);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    public void SwiGlu(ReadOnlySpan<float> gateUp, int rows, int inner, Span<float> y)
    {
        for (var r = 0; r < rows; r++)
            KernelsReference.SwiGlu(gateUp.Slice(r * 2 * inner, inner), gateUp.Slice(r * 2 * inner + inner, inner), y.Slice(r * inner, inner));
    }

    public void Attention(in AttentionShape s, float[] output)
    {
        var group = s.Heads / s.KvHeads;
        for (var seq = 0; seq < s.Sequences; seq++)
        {
            var first = s.RowStarts[seq];
            var length = s.RowStarts[seq + 1] - first;
            var scores = new double[length];
            for (var h = 0; h < s.Heads; h++)
            {
                var q = h * s.HeadSize;
                var k = s.KeyOffset + h / group * s.HeadSize;
                var v = s.ValueOffset + h / group * s.HeadSize;
                for (var i = 0; i < length; i++)
                {
                    // A causal query sees keys 0..i; an encoder query sees the whole (unpadded) sequence.
                    var visible = s.Causal ? i + 1 : length;
                    var max = double.NegativeInfinity;
                    for (var j = 0; j < visible; j++)
                    {
                        double dot = 0;
                        for (var d = 0; d < s.HeadSize; d++)
                            dot += (double)s.Qkv[(first + i) * s.QkvStride + q + d] * s.Qkv[(first + j) * s.QkvStride + k + d];
                        scores[j] = dot / Math.Sqrt(s.HeadSize);
                        max = Math.Max(max, scores[j]);
                    }
                    double total = 0;
                    for (var j = 0; j < visible; j++)
                    {
                        scores[j] = Math.Exp(scores[j] - max);
                        total += scores[j];
                    }
                    for (var d = 0; d < s.HeadSize; d++)
                    {
                        double sum = 0;
                        for (var j = 0; j < visible; j++)
                            sum += scores[j] / total * s.Qkv[(first + j) * s.QkvStride + v + d];
                        output[(first + i) * s.OutputWidth + q + d] = (float)sum;
                    }
                }
            }
        }
    }

    public float LogSumExp(ReadOnlySpan<float> row) => KernelsReference.LogSumExp(row);
}
