using Winnow.Models.Compute;
using Winnow.Models.Training;
using Winnow.Tests.Tensors;
using Winnow.Tests.Tensors.Backward;

namespace Winnow.Tests.Models.Training;

/// <summary>
/// Training attention (two packed sequences, grouped-query heads) against the reference kernels' attention: the
/// forward equal to it, the backward equal to its finite differences, causal and bidirectional.
/// </summary>
public class TrainingAttentionTests
{
    private const int Heads = 4, KvHeads = 2, HeadSize = 4;
    private static readonly int[] RowStarts = [0, 5, 8];
    private static int Stride => (Heads + 2 * KvHeads) * HeadSize;
    private static int Width => Heads * HeadSize;
    private static int Tokens => RowStarts[^1];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ForwardMatchesReferenceAndBackwardMatchesFiniteDifferences(bool causal)
    {
        var qkv = TensorTestData.Uniform(Tokens * Stride, 30, -1.5f, 1.5f);
        var w = TensorTestData.Uniform(Tokens * Width, 31);
        var output = new float[Tokens * Width];
        var lse = new float[Tokens * Heads];
        var shape = new AttentionShape(qkv, Stride, RowStarts, Heads, KvHeads, HeadSize, causal);
        TrainingAttention.Forward(shape, output, lse, threads: 2);
        TensorTestData.AssertClose(Reference(qkv, causal), output, 1e-6, 1e-5);

        var dQkv = new float[qkv.Length];
        TrainingAttention.Backward(shape, output, lse, w, dQkv, threads: 2);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(qkv, v => Reference(v, causal), w), dQkv);
    }

    private static float[] Reference(float[] qkv, bool causal)
    {
        var output = new float[Tokens * Width];
        ReferenceKernels.Instance.Attention(new AttentionShape(qkv, Stride, RowStarts, Heads, KvHeads, HeadSize, causal), output);
        return output;
    }
}
