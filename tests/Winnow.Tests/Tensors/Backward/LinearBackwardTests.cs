using Winnow.Tensors;

namespace Winnow.Tests.Tensors.Backward;

/// <summary>The linear backward's GEMMs and transposes against the textbook sums, for both weight layouts.</summary>
public class LinearBackwardTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WeightBiasAndInputGradientsEqualTheSums(bool weightIsOutByIn)
    {
        const int rows = 5, inputs = 7, outputs = 9;
        var x = TensorTestData.Uniform(rows * inputs, 20);
        var weight = TensorTestData.Uniform(inputs * outputs, 21);
        var dy = TensorTestData.Uniform(rows * outputs, 22);
        var dWeight = new float[inputs * outputs];
        var dBias = new float[outputs];
        KernelsBackward.LinearWeights(x, dy, rows, inputs, outputs, weightIsOutByIn, dWeight, dBias);
        var dx = new float[rows * inputs];
        KernelsBackward.LinearInput(dy, rows, weight, inputs, outputs, weightIsOutByIn, dx, accumulate: false);

        var expectedWeight = new float[inputs * outputs];
        var expectedBias = new float[outputs];
        var expectedInput = new float[rows * inputs];
        for (var o = 0; o < outputs; o++)
        {
            for (var i = 0; i < inputs; i++)
            {
                var at = weightIsOutByIn ? o * inputs + i : i * outputs + o;
                double sum = 0;
                for (var r = 0; r < rows; r++)
                {
                    sum += (double)dy[r * outputs + o] * x[r * inputs + i];
                    expectedInput[r * inputs + i] += dy[r * outputs + o] * weight[at];
                }
                expectedWeight[at] = (float)sum;
            }
            for (var r = 0; r < rows; r++)
                expectedBias[o] += dy[r * outputs + o];
        }
        TensorTestData.AssertClose(expectedWeight, dWeight, 1e-5, 1e-5);
        TensorTestData.AssertClose(expectedBias, dBias, 1e-5, 1e-5);
        TensorTestData.AssertClose(expectedInput, dx, 1e-5, 1e-5);
    }
}
