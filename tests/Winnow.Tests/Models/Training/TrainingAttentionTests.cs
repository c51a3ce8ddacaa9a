using Winnow.Models.Compute;
using Winnow.Models.Training;
using Winnow.Tests.Tensors;
using Winnow.Tests.Tensors.Backward;

namespace Winnow.Tests.Models.Training;

/// <summary>
/// Training attention (two packed sequences, grouped-query heads) against the reference kernels' attention: the
/// forward equal to it, the backward equal to its finite differences, causal and bidirectional; short sequences
/// and one longer than a query block (64 rows), so a block edge and the causal mask inside a block are crossed.
/// The results must not depend on the thread count.
/// </summary>
public class TrainingAttentionTests
{
    private const int Heads = 4, KvHeads = 2, HeadSize = 4;
    private static int Stride => (Heads + 2 * KvHeads) * HeadSize;
    private static int Width => Heads * HeadSize;

    [Theory]
    [InlineData(true, new[] { 0, 5, 8 })]
    [InlineData(false, new[] { 0, 5, 8 })]
    [InlineData(true, new[] { 0, 3, 70 })]
    [InlineData(false, new[] { 0, 67, 70 })]
    public void ForwardMatchesReferenceAndBackwardMatchesFiniteDifferences(bool causal, int[] rowStarts)
    {
        var tokens = rowStarts[^1];
        var qkv = TensorTestData.Uniform(tokens * Stride, 30, -1.5f, 1.5f);
        var w = TensorTestData.Uniform(tokens * Width, 31);
        var output = new float[tokens * Width];
        var lse = new float[tokens * Heads];
        var shape = new AttentionShape(qkv, Stride, rowStarts, Heads, KvHeads, HeadSize, causal);
        TrainingAttention.Forward(shape, output, lse, threads: 2);
        TensorTestData.AssertClose(Reference(qkv, causal, rowStarts), output, 1e-6, 1e-5);

        var dQkv = new float[qkv.Length];
        TrainingAttention.Backward(shape, output, lse, w, dQkv, threads: 2);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(qkv, v => Reference(v, causal, rowStarts), w), dQkv);

        var oneThread = new float[qkv.Length];
        var outputOneThread = new float[output.Length];
        TrainingAttention.Forward(shape, outputOneThread, new float[lse.Length], threads: 1);
        TrainingAttention.Backward(shape, output, lse, w, oneThread, threads: 1);
        Assert.Equal(output, outputOneThread);
        Assert.Equal(dQkv, oneThread);
    }

    private static float[] Reference(float[] qkv, bool causal, int[] rowStarts)
    {
        var output = new float[rowStarts[^1] * Width];
        ReferenceKernels.Instance.Attention(new AttentionShape(qkv, Stride, rowStarts, Heads, KvHeads, HeadSize, causal), output);
        return output;
    }
}
