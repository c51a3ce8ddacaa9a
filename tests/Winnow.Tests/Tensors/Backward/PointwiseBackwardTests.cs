using System.Numerics.Tensors;
using Winnow.Tensors;

namespace Winnow.Tests.Tensors.Backward;

public class PointwiseBackwardTests
{
    private const int Length = 37;

    [Fact]
    public void TanhMatchesFiniteDifferences()
    {
        var x = TensorTestData.Uniform(Length, 21, -3, 3);
        var w = TensorTestData.Uniform(Length, 22);
        var dx = new float[Length];
        KernelsBackward.Tanh(Apply(x, (a, b) => TensorPrimitives.Tanh(a, b)), w, dx);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(x, v => Apply(v, (a, b) => TensorPrimitives.Tanh(a, b)), w), dx);
    }

    [Fact]
    public void SigmoidMatchesFiniteDifferences()
    {
        var x = TensorTestData.Uniform(Length, 23, -5, 5);
        var w = TensorTestData.Uniform(Length, 24);
        var dx = new float[Length];
        KernelsBackward.Sigmoid(Apply(x, (a, b) => TensorPrimitives.Sigmoid(a, b)), w, dx);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(x, v => Apply(v, (a, b) => TensorPrimitives.Sigmoid(a, b)), w), dx);
    }

    [Fact]
    public void ReluPassesTheGradientWherePositive()
    {
        // Away from 0 (where the derivative jumps) the finite difference is exact.
        var x = TensorTestData.Uniform(Length, 25, -3, 3).Select(v => MathF.Abs(v) < 0.01f ? 0.5f : v).ToArray();
        var w = TensorTestData.Uniform(Length, 26);
        var dx = new float[Length];
        KernelsBackward.Relu(x, w, dx);
        FiniteDifference.AssertClose(FiniteDifference.Gradient(x, v => Apply(v, (a, b) => TensorPrimitives.Max(a, 0f, b)), w), dx);
        Assert.Equal(0f, dx[Array.FindIndex(x, v => v < 0)]);
    }

    [Fact]
    public void EmbeddingRowsAddEveryUseOfARow()
    {
        const int width = 3;
        int[] ids = [2, 0, 2];
        float[] dy = [1, 2, 3, 10, 20, 30, 100, 200, 300];
        var table = new float[4 * width];
        table[0] = 5;
        KernelsBackward.EmbeddingRows(ids, dy, table, width);
        Assert.Equal([15, 20, 30, 0, 0, 0, 101, 202, 303, 0, 0, 0], table);
    }

    private static float[] Apply(float[] x, Action<float[], float[]> f)
    {
        var y = new float[x.Length];
        f(x, y);
        return y;
    }
}
