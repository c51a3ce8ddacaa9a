namespace Winnow.Tensors;

/// <summary>
/// Scalar reference twins of <see cref="Kernels"/>: plain loops in double precision, written for obviousness, not
/// speed. Tests compare the fast kernels against these; they are also the readable statement of each formula.
/// </summary>
public static class KernelsReference
{
    public static void Softmax(Span<float> row)
    {
        if (row.IsEmpty)
            return;
        double max = double.NegativeInfinity;
        foreach (var v in row)
            max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max))
        {
            row.Clear();
            return;
        }
        var sum = 0.0;
        foreach (var v in row)
            sum += Math.Exp(v - max);
        for (var i = 0; i < row.Length; i++)
            row[i] = (float)(Math.Exp(row[i] - max) / sum);
    }

    public static float LogSumExp(ReadOnlySpan<float> row)
    {
        double max = double.NegativeInfinity;
        foreach (var v in row)
            max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
            return (float)max;
        var sum = 0.0;
        foreach (var v in row)
            sum += Math.Exp(v - max);
        return (float)(max + Math.Log(sum));
    }

    public static void LogSoftmax(Span<float> row)
    {
        if (row.IsEmpty)
            return;
        double max = double.NegativeInfinity;
        foreach (var v in row)
            max = Math.Max(max, v);
        var sum = 0.0;
        foreach (var v in row)
            sum += Math.Exp(v - max);
        var logSum = Math.Log(sum);
        for (var i = 0; i < row.Length; i++)
            row[i] = (float)(row[i] - max - logSum);
    }

    public static void LayerNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon, Span<float> destination)
    {
        var d = gamma.Length;
        for (var start = 0; start < x.Length; start += d)
        {
            var mean = 0.0;
            for (var i = 0; i < d; i++)
                mean += x[start + i];
            mean /= d;
            var variance = 0.0;
            for (var i = 0; i < d; i++)
                variance += (x[start + i] - mean) * (x[start + i] - mean);
            variance /= d;
            var invStd = 1 / Math.Sqrt(variance + epsilon);
            for (var i = 0; i < d; i++)
                destination[start + i] = (float)((x[start + i] - mean) * invStd * gamma[i] + beta[i]);
        }
    }

    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float epsilon, Span<float> destination)
    {
        var d = weight.Length;
        for (var start = 0; start < x.Length; start += d)
        {
            var meanSquare = 0.0;
            for (var i = 0; i < d; i++)
                meanSquare += (double)x[start + i] * x[start + i];
            meanSquare /= d;
            var invRms = 1 / Math.Sqrt(meanSquare + epsilon);
            for (var i = 0; i < d; i++)
                destination[start + i] = (float)(x[start + i] * invRms * weight[i]);
        }
    }

    /// <summary>Exact GELU with MathNet's double-precision erf.</summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (var i = 0; i < x.Length; i++)
            destination[i] = (float)(0.5 * x[i] * (1 + MathNet.Numerics.SpecialFunctions.Erf(x[i] / Math.Sqrt(2))));
    }

    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            destination[i] = (float)(0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
        }
    }

    public static void Silu(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (var i = 0; i < x.Length; i++)
            destination[i] = (float)(x[i] / (1 + Math.Exp(-(double)x[i])));
    }

    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> destination)
    {
        for (var i = 0; i < gate.Length; i++)
            destination[i] = (float)(gate[i] / (1 + Math.Exp(-(double)gate[i])) * up[i]);
    }

    public static void Add(Span<float> x, ReadOnlySpan<float> y)
    {
        for (var i = 0; i < x.Length; i++)
            x[i] += y[i];
    }

    public static void AddBias(Span<float> x, ReadOnlySpan<float> bias)
    {
        for (var i = 0; i < x.Length; i++)
            x[i] += bias[i % bias.Length];
    }

    /// <summary>RoPE with angles and cos/sin recomputed in double from the table's fp32 inverse frequencies.</summary>
    public static void ApplyRope(Span<float> x, int heads, int firstPosition, RopeTable table)
    {
        var d = table.HeadDim;
        var half = d / 2;
        var tokens = x.Length / (heads * d);
        for (var t = 0; t < tokens; t++)
        {
            for (var h = 0; h < heads; h++)
            {
                var o = (t * heads + h) * d;
                for (var i = 0; i < half; i++)
                {
                    var angle = (double)(float)((float)(firstPosition + t) * table.InvFreq[i]);
                    double lo = x[o + i], hi = x[o + i + half];
                    x[o + i] = (float)(lo * Math.Cos(angle) - hi * Math.Sin(angle));
                    x[o + i + half] = (float)(hi * Math.Cos(angle) + lo * Math.Sin(angle));
                }
            }
        }
    }
}
