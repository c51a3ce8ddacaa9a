namespace Winnow.Tests.Tensors.Backward;

/// <summary>
/// Central finite differences of L(x) = Σ w·f(x) for a fixed random w: the numerical twin every backward kernel is
/// checked against. The forwards are float32, so with h = 1e-3 the estimate carries ~1e-4 rounding noise; the
/// tolerances (2e-3 absolute + 1e-2 relative) are loose enough for that and still catch any wrong formula,
/// which errs by O(1).
/// </summary>
internal static class FiniteDifference
{
    private const float Step = 1e-3f;

    public static float[] Gradient(float[] x, Func<float[], float[]> forward, float[] weights)
    {
        var gradient = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var keep = x[i];
            x[i] = keep + Step;
            var plus = Loss(forward(x), weights);
            x[i] = keep - Step;
            var minus = Loss(forward(x), weights);
            x[i] = keep;
            gradient[i] = (float)((plus - minus) / (2 * Step));
        }
        return gradient;
    }

    public static void AssertClose(float[] numerical, ReadOnlySpan<float> analytic) =>
        TensorTestData.AssertClose(numerical, analytic, atol: 2e-3, rtol: 1e-2);

    private static double Loss(float[] y, float[] weights)
    {
        double sum = 0;
        for (var i = 0; i < y.Length; i++)
            sum += (double)y[i] * weights[i];
        return sum;
    }
}
