using MathNet.Numerics;

namespace Winnow.Models.Kernels;

/// <summary>
/// The readable path: every operation as the textbook loop, accumulating in double, one thread. It defines what
/// the fast path must compute; tests compare both with the fixtures and with each other.
/// </summary>
internal sealed class ReferenceKernels : IKernels
{
    public static readonly ReferenceKernels Instance = new();

    public void Linear(ReadOnlySpan<float> x, int rows, LinearLayer layer, Span<float> y, bool accumulate = false)
    {
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

    public void LayerNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float[] beta, float eps)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * dim, dim);
            double mean = 0;
            foreach (var v in row)
                mean += v;
            mean /= dim;
            double variance = 0;
            foreach (var v in row)
                variance += (v - mean) * (v - mean);
            variance /= dim;
            var inverse = 1 / Math.Sqrt(variance + eps);
            for (var i = 0; i < dim; i++)
                y[r * dim + i] = (float)((row[i] - mean) * inverse * gamma[i] + beta[i]);
        }
    }

    public void RmsNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float eps)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * dim, dim);
            double squares = 0;
            foreach (var v in row)
                squares += (double)v * v;
            var inverse = 1 / Math.Sqrt(squares / dim + eps);
            for (var i = 0; i < dim; i++)
                y[r * dim + i] = (float)(gamma[i] * (row[i] * inverse));
        }
    }

    public void Activate(Span<float> x, Activation activation)
    {
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            x[i] = activation switch
            {
                Activation.GeluExact => (float)(0.5 * v * (1 + SpecialFunctions.Erf(v / Math.Sqrt(2)))),
                Activation.GeluTanh => (float)(0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))),
                Activation.Relu => (float)Math.Max(v, 0),
                _ => throw new ArgumentOutOfRangeException(nameof(activation)),
            };
        }
    }

    public void SwiGlu(ReadOnlySpan<float> gateUp, int rows, int inner, Span<float> y)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < inner; j++)
            {
                double gate = gateUp[r * 2 * inner + j];
                double up = gateUp[r * 2 * inner + inner + j];
                y[r * inner + j] = (float)(gate / (1 + Math.Exp(-gate)) * up);
            }
        }
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

    public float LogSumExp(ReadOnlySpan<float> row)
    {
        double max = float.NegativeInfinity;
        foreach (var v in row)
            max = Math.Max(max, v);
        double total = 0;
        foreach (var v in row)
            total += Math.Exp(v - max);
        return (float)(max + Math.Log(total));
    }
}
