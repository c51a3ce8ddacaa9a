using Winnow.Tensors.Quantised;

namespace Winnow.Tensors;

/// <summary>
/// The plain twin of <see cref="Q8Gemm"/>: the weight unpacked ([n × k] Q8_0 rows), activations quantised one block at a
/// time with signed values (no +128 offset, no correction), each block's integer dot as a scalar loop, and the same
/// float steps per output: y = fma(float(sum) · scale_w, scale_x, y), blocks in order. Integer sums are exact, so the
/// fast kernels must match it bit for bit.
/// </summary>
public static class Q8GemmReference
{
    public static void Multiply(ReadOnlySpan<float> x, int m, Q8Rows w, Span<float> y, bool accumulate)
    {
        int n = w.Rows, k = w.Cols, blocks = w.BlocksPerRow;
        var q = new sbyte[k];
        var qScales = new float[blocks];
        for (var r = 0; r < m; r++)
        {
            for (var b = 0; b < blocks; b++)
                qScales[b] = Q8Activations.QuantiseBlock(x.Slice(r * k + b * Q8Rows.Block, Q8Rows.Block), q.AsSpan(b * Q8Rows.Block, Q8Rows.Block));
            for (var o = 0; o < n; o++)
            {
                var sum = accumulate ? y[r * n + o] : 0f;
                for (var b = 0; b < blocks; b++)
                {
                    var dot = 0;
                    for (var i = 0; i < Q8Rows.Block; i++)
                        dot += q[b * Q8Rows.Block + i] * w.Quants[o * k + b * Q8Rows.Block + i];
                    sum = MathF.FusedMultiplyAdd(dot * w.Scales[o * blocks + b], qScales[b], sum);
                }
                y[r * n + o] = sum;
            }
        }
    }
}
