using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Applies rotary position embedding in place to query or key vectors laid out <c>[tokens × heads × d]</c>
    /// (the natural output of the q/k projection GEMM, before any head transpose), token t at position
    /// <c>firstPosition + t</c>. See <see cref="RopeTable"/> for the convention (HF Llama "rotate half").
    /// </summary>
    /// <param name="x">Length tokens · heads · d, d = <c>table.HeadDim</c>.</param>
    /// <param name="heads">Heads per token (num_attention_heads for q, num_key_value_heads for k).</param>
    /// <param name="firstPosition">Position of the first token; right-padded batches start every row at 0.</param>
    /// <param name="table">Precomputed cos/sin; must cover position firstPosition + tokens − 1.</param>
    public static void ApplyRope(Span<float> x, int heads, int firstPosition, RopeTable table)
    {
        var d = table.HeadDim;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        if (x.Length % (heads * d) != 0)
            throw new ArgumentException($"length {x.Length} is not a multiple of heads·headDim = {heads}·{d}", nameof(x));
        var tokens = x.Length / (heads * d);
        var half = d / 2;
        Span<float> t1 = half <= 256 ? stackalloc float[half] : new float[half];
        Span<float> t2 = half <= 256 ? stackalloc float[half] : new float[half];
        for (var t = 0; t < tokens; t++)
        {
            var cos = table.Cos(firstPosition + t);
            var sin = table.Sin(firstPosition + t);
            for (var h = 0; h < heads; h++)
            {
                var lo = x.Slice((t * heads + h) * d, half);
                var hi = x.Slice((t * heads + h) * d + half, half);
                TensorPrimitives.Multiply(hi, sin, t1);            // x_hi·sin
                TensorPrimitives.Multiply(lo, sin, t2);            // x_lo·sin
                TensorPrimitives.FusedMultiplyAdd(hi, cos, t2, t2); // y_hi = x_hi·cos + x_lo·sin
                TensorPrimitives.Negate(t1, t1);
                TensorPrimitives.FusedMultiplyAdd(lo, cos, t1, lo); // y_lo = x_lo·cos − x_hi·sin
                t2.CopyTo(hi);
            }
        }
    }
}
