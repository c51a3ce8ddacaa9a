using MathNet.Numerics.LinearAlgebra;
using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Principal component analysis as scikit-learn's <c>PCA(n_components=0.95)</c>, the step CaR runs before k-means.
/// The data is centred on its column means; the d × d sample covariance (÷ (n − 1)) is diagonalised by MathNet's
/// symmetric eigenvalue decomposition (Householder tridiagonalisation + implicit QL, the EISPACK tred2/tql2
/// pair), which gives the same components and variances as an SVD of the centred data. Components are sorted by
/// decreasing variance and each is signed so its largest-magnitude coordinate is positive (scikit-learn flips
/// signs by another rule; a component's sign carries no meaning). Work is O(n·d²) for the covariance plus O(d³).
/// </summary>
public static class Pca
{
    /// <summary>
    /// Keeps the smallest number of leading components whose cumulative explained-variance ratio exceeds
    /// <paramref name="varianceToKeep"/> (strictly, as scikit-learn's <c>searchsorted(…, side="right") + 1</c>),
    /// capped at d. <paramref name="varianceToKeep"/> must be in (0, 1]. <paramref name="degreeOfParallelism"/> ≤ 0
    /// means all cores; the result does not depend on it.
    /// </summary>
    public static unsafe PcaModel Fit(ReadOnlySpan<float> data, int n, int d, double varianceToKeep = 0.95, int degreeOfParallelism = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d);
        if (data.Length != (long)n * d)
            throw new ArgumentException($"PCA data has {data.Length} values, expected {n} × {d}");
        fixed (float* pointer = data)
            return Fit(new RowMatrix(pointer, n, d), varianceToKeep, degreeOfParallelism);
    }

    /// <summary>The same fit over rows read a block at a time (a float16 sample is streamed, never widened whole).</summary>
    internal static PcaModel Fit(IRowSource data, double varianceToKeep, int degreeOfParallelism)
    {
        if (!(varianceToKeep > 0 && varianceToKeep <= 1))
            throw new ArgumentOutOfRangeException(nameof(varianceToKeep), varianceToKeep, "variance to keep must be in (0, 1]");
        var d = data.Cols;
        var mean = Covariance.Means(data);
        var covariance = Matrix<double>.Build.DenseOfArray(Covariance.Compute(data, mean, degreeOfParallelism > 0 ? degreeOfParallelism : Environment.ProcessorCount, DotKernel.Best));
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ThenBy(i => i).ToArray();
        var variances = order.Select(i => Math.Max(0, evd.EigenValues[i].Real)).ToArray();
        var total = variances.Sum();
        var ratios = variances.Select(v => total > 0 ? v / total : 0).ToArray();

        var keep = d;
        var cumulative = 0.0;
        for (var m = 0; m < d; m++)
        {
            cumulative += ratios[m];
            if (cumulative > varianceToKeep)
            {
                keep = m + 1;
                break;
            }
        }

        var components = new float[keep * d];
        for (var m = 0; m < keep; m++)
        {
            var vector = evd.EigenVectors.Column(order[m]);
            var largest = vector.AbsoluteMaximumIndex();
            var sign = vector[largest] < 0 ? -1 : 1;
            for (var j = 0; j < d; j++)
                components[m * d + j] = (float)(sign * vector[j]);
        }
        return new PcaModel(d, Array.ConvertAll(mean, v => (float)v), components, variances[..keep], ratios[..keep]);
    }
}
