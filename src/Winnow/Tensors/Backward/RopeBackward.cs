namespace Winnow.Tensors;

internal static partial class KernelsBackward
{
    /// <summary>
    /// Gradient through <see cref="Kernels.ApplyRope"/> in place: RoPE rotates each (lo, hi) pair by the position's
    /// angle, so its transpose rotates the gradient back by the same angle (sin negated). Same layout as the forward.
    /// </summary>
    public static void Rope(Span<float> dy, int heads, int position, RopeTable table)
    {
        var d = table.HeadDim;
        var half = d / 2;
        var cos = table.Cos(position);
        var sin = table.Sin(position);
        for (var h = 0; h < heads; h++)
        {
            var lo = dy.Slice(h * d, half);
            var hi = dy.Slice(h * d + half, half);
            for (var i = 0; i < half; i++)
            {
                var gl = lo[i];
                var gh = hi[i];
                lo[i] = gl * cos[i] + gh * sin[i];
                hi[i] = gh * cos[i] - gl * sin[i];
            }
        }
    }
}
