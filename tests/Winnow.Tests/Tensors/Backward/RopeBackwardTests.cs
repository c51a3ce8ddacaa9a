using Winnow.Tensors;

namespace Winnow.Tests.Tensors.Backward;

public class RopeBackwardTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RopeBackwardMatchesFiniteDifferences(bool llama3Scaling)
    {
        const int heads = 3, headDim = 8, position = 37;
        var scaling = llama3Scaling ? new RopeScaling(RopeScalingType.Llama3, 8f, 1f, 4f, 16) : null;
        var table = new RopeTable(headDim, 64, 10000, scaling);
        var x = TensorTestData.Uniform(heads * headDim, 18);
        var w = TensorTestData.Uniform(heads * headDim, 19);
        var numerical = FiniteDifference.Gradient(x, v =>
        {
            var y = (float[])v.Clone();
            Kernels.ApplyRope(y, heads, position, table);
            return y;
        }, w);
        var analytic = (float[])w.Clone();
        KernelsBackward.Rope(analytic, heads, position, table);
        FiniteDifference.AssertClose(numerical, analytic);
    }
}
