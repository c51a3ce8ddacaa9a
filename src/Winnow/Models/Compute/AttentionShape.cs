namespace Winnow.Models.Compute;

/// <summary>
/// Where multi-head attention finds its operands. Rows of several sequences are packed back to back (no padding):
/// sequence s owns rows [<see cref="RowStarts"/>[s], RowStarts[s+1]). Each row of <see cref="Qkv"/> holds the
/// query heads, then the key heads, then the value heads (heads × head size each), at a row stride of
/// <see cref="QkvStride"/>. Query head h reads key/value head h / (Heads / KvHeads) (grouped-query attention).
/// </summary>
internal readonly record struct AttentionShape(
    float[] Qkv,
    int QkvStride,
    int[] RowStarts,
    int Heads,
    int KvHeads,
    int HeadSize,
    bool Causal)
{
    public int Sequences => RowStarts.Length - 1;

    public int KeyOffset => Heads * HeadSize;

    public int ValueOffset => (Heads + KvHeads) * HeadSize;

    public int OutputWidth => Heads * HeadSize;

    public float Scale => 1f / MathF.Sqrt(HeadSize);
}
