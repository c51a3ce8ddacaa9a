using Winnow.Models.Decoders;

namespace Winnow.Models.Training;

/// <summary>
/// What the decoder's forward keeps for its backward, per layer, grown to the largest batch seen. Rule: keep every
/// GEMM input and every pre-activation (recomputing them would cost a GEMM each); recompute what is cheap —
/// norm statistics (one pass over a row) and attention probabilities (from q, k and the stored per-head
/// log-sum-exp). Floats kept per token per layer: 4·hidden (block input, normed, mid residual, normed) +
/// qkv width + heads·head size + heads + MLP up width + inner; plus hidden for the final residual. GPT-2-small
/// (768 hidden, 12 heads, 3072 inner): 17,676 floats = 69 KiB per token per layer, 829 KiB per token for 12 layers.
/// </summary>
internal sealed class DecoderActivations(DecoderSpec spec)
{
    public sealed class Layer
    {
        public float[] Input = [];
        public float[] Normed1 = [];
        public float[] Qkv = [];
        public float[] Attention = [];
        public float[] Lse = [];
        public float[] Mid = [];
        public float[] Normed2 = [];
        public float[] Up = [];
        public float[] Activated = [];
    }

    public Layer[] Layers { get; } = Enumerable.Range(0, spec.Layers).Select(_ => new Layer()).ToArray();

    public float[] Final = [];

    public void Ensure(int tokens)
    {
        foreach (var l in Layers)
        {
            Grow(ref l.Input, tokens * spec.Hidden);
            Grow(ref l.Normed1, tokens * spec.Hidden);
            Grow(ref l.Qkv, tokens * spec.QkvWidth);
            Grow(ref l.Attention, tokens * spec.Heads * spec.HeadSize);
            Grow(ref l.Lse, tokens * spec.Heads);
            Grow(ref l.Mid, tokens * spec.Hidden);
            Grow(ref l.Normed2, tokens * spec.Hidden);
            Grow(ref l.Up, tokens * spec.UpWidth);
            Grow(ref l.Activated, tokens * spec.Inner);
        }
        Grow(ref Final, tokens * spec.Hidden);
    }

    public static void Grow(ref float[] buffer, long size)
    {
        if (buffer.Length < size)
            buffer = new float[checked((int)size)];
    }
}
