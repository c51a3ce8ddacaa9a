namespace Winnow.Models.Decoders;

/// <summary>
/// Activation buffers of one decoder instance, grown to the largest batch seen and reused afterwards, so scoring a
/// stream of batches allocates only the result arrays.
/// </summary>
internal sealed class DecoderWorkspace(DecoderSpec spec)
{
    /// <summary>Rows sent through the vocabulary projection at once: bounds the logits buffer to HeadChunk × vocab.</summary>
    public const int HeadChunk = 128;

    public float[] Residual = [];
    public float[] Normed = [];
    public float[] Qkv = [];
    public float[] Attention = [];
    public float[] Up = [];
    public float[] Gated = [];
    public float[] HeadInput = new float[HeadChunk * spec.Hidden];
    public float[] HeadNormed = new float[HeadChunk * spec.Hidden];
    public float[] Logits = new float[HeadChunk * spec.Vocab];

    public void Ensure(int tokens)
    {
        Grow(ref Residual, tokens * spec.Hidden);
        Grow(ref Normed, tokens * spec.Hidden);
        Grow(ref Qkv, tokens * spec.QkvWidth);
        Grow(ref Attention, tokens * spec.Heads * spec.HeadSize);
        Grow(ref Up, tokens * spec.UpWidth);
        if (spec.Family == DecoderFamily.Llama)
            Grow(ref Gated, tokens * spec.Inner);
    }

    private static void Grow(ref float[] buffer, long size)
    {
        if (buffer.Length < size)
            buffer = new float[checked((int)size)];
    }
}
