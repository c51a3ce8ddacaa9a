using Winnow.Scoring.Neural.Car;
using Winnow.Tensors;

namespace Winnow.Tests.Tensors.Backward;

/// <summary>
/// Softmax and sparsemax backward against finite differences of the forwards CaR's layer mix uses, and against
/// their Jacobians written out as matrices (the reference twin: J = diag(p) − p·pᵀ for softmax, diag(s) − s·sᵀ/|S|
/// for sparsemax with s the support indicator).
/// </summary>
public class SimplexBackwardTests
{
    private static readonly float[] Logits = [0.3f, -0.2f, 0.5f, 0.45f, -1f];
    private static readonly double[] Upstream = [0.7, -1.1, 0.4, 2.0, -0.3];

    [Fact]
    public void SoftmaxMatchesFiniteDifferencesAndItsJacobian()
    {
        var p = LayerMix.Softmax(Logits);
        var dz = new double[p.Length];
        KernelsBackward.Softmax(p, Upstream, dz);
        AssertClose(Numerical(LayerMix.Softmax), dz);
        AssertClose(Jacobian(p, (i, j) => (i == j ? p[i] : 0) - p[i] * p[j]), dz);
    }

    [Fact]
    public void SparsemaxMatchesFiniteDifferencesAndItsJacobian()
    {
        var p = LayerMix.Sparsemax(Logits);
        Assert.Contains(0.0, p);
        Assert.True(p.Count(v => v > 0) >= 2, "the test needs a support of at least two");
        var dz = new double[p.Length];
        KernelsBackward.Sparsemax(p, Upstream, dz);
        AssertClose(Numerical(LayerMix.Sparsemax), dz);
        var support = p.Count(v => v > 0);
        AssertClose(Jacobian(p, (i, j) => p[i] > 0 && p[j] > 0 ? (i == j ? 1 : 0) - 1.0 / support : 0), dz);
    }

    /// <summary>dz_i = Σ_j J_ji·dp_j (J symmetric here).</summary>
    private static double[] Jacobian(double[] p, Func<int, int, double> entry) =>
        Enumerable.Range(0, p.Length).Select(i => Enumerable.Range(0, p.Length).Sum(j => entry(j, i) * Upstream[j])).ToArray();

    private static double[] Numerical(Func<float[], double[]> forward)
    {
        const float step = 1e-3f;
        return Enumerable.Range(0, Logits.Length).Select(i =>
        {
            var plus = (float[])Logits.Clone();
            var minus = (float[])Logits.Clone();
            plus[i] += step;
            minus[i] -= step;
            var fp = forward(plus);
            var fm = forward(minus);
            return Enumerable.Range(0, fp.Length).Sum(j => Upstream[j] * (fp[j] - fm[j])) / (plus[i] - minus[i]);
        }).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-3 + 1e-2 * Math.Abs(expected[i]), $"[{i}]: expected {expected[i]:G6}, got {actual[i]:G6}");
    }
}
