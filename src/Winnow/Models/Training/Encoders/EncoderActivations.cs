using Winnow.Models.Encoders;

namespace Winnow.Models.Training.Encoders;

/// <summary>
/// What the encoder's forward keeps for its backward, per layer, grown to the largest batch seen. Rule (as the
/// decoder's): keep every GEMM input and pre-norm sum; recompute norm statistics (one pass over a row) and
/// attention probabilities (from q, k and the per-head log-sum-exp). Post-LN layers need both the pre-norm sums
/// and the normed outputs: the sum feeds the norm's backward, the output the next GEMM's. Floats kept per token per
/// layer: 3·hidden (qkv) + 4·hidden (input, attention output, pre-norm sum 1, mid) + hidden (pre-norm sum 2) +
/// heads + 2·intermediate (pre-activation and activated) = 8·hidden + heads + 2·intermediate; plus 2·hidden for the
/// embedding sum and the final output. XLM-R large (1024 hidden, 16 heads, 4096 intermediate): 16,400 floats =
/// 64 KiB per token per layer, 1.5 MiB per token for 24 layers.
/// </summary>
internal sealed class EncoderActivations(EncoderSpec spec)
{
    public sealed class Layer
    {
        public float[] Input = [];
        public float[] Qkv = [];
        public float[] Attention = [];
        public float[] Lse = [];
        public float[] Sum1 = [];
        public float[] Mid = [];
        public float[] Up = [];
        public float[] Activated = [];
        public float[] Sum2 = [];
    }

    public Layer[] Layers { get; } = Enumerable.Range(0, spec.Layers).Select(_ => new Layer()).ToArray();

    public float[] EmbeddingSum = [];

    public float[] Final = [];

    public void Ensure(int tokens)
    {
        var d = spec.Hidden;
        foreach (var l in Layers)
        {
            Grow(ref l.Input, tokens * d);
            Grow(ref l.Qkv, tokens * 3 * d);
            Grow(ref l.Attention, tokens * d);
            Grow(ref l.Lse, tokens * spec.Heads);
            Grow(ref l.Sum1, tokens * d);
            Grow(ref l.Mid, tokens * d);
            Grow(ref l.Up, tokens * spec.Inner);
            Grow(ref l.Activated, tokens * spec.Inner);
            Grow(ref l.Sum2, tokens * d);
        }
        Grow(ref EmbeddingSum, tokens * d);
        Grow(ref Final, tokens * d);
    }

    public static void Grow(ref float[] buffer, long size)
    {
        if (buffer.Length < size)
            buffer = new float[checked((int)size)];
    }
}
