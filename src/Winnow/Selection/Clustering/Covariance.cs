using System.Numerics.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Column means and the sample covariance (divided by n − 1, as scikit-learn's explained variance) of row-major
/// float data. Rank-1 updates of the upper triangle run in float SIMD over blocks of rows and are flushed into a
/// double accumulator after every block, which bounds float rounding to one block's worth of terms.
/// </summary>
internal static class Covariance
{
    private const int FlushRows = 128;

    public static double[] Means(ReadOnlySpan<float> data, int n, int d)
    {
        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = data.Slice(i * d, d);
            for (var j = 0; j < d; j++)
                mean[j] += row[j];
        }
        for (var j = 0; j < d; j++)
            mean[j] /= n;
        return mean;
    }

    /// <summary>Full symmetric d × d covariance about <paramref name="mean"/>; n = 1 gives all zeros.</summary>
    public static double[,] Compute(ReadOnlySpan<float> data, int n, int d, double[] mean)
    {
        var total = new double[d, d];
        var block = new float[d * d];
        var centred = new float[d];
        var meanFloat = Array.ConvertAll(mean, m => (float)m);
        for (var i = 0; i < n; i++)
        {
            TensorPrimitives.Subtract(data.Slice(i * d, d), meanFloat, centred);
            for (var a = 0; a < d; a++)
            {
                // Upper triangle only: row a gets centred[a] × centred[a..d].
                var tail = block.AsSpan(a * d + a, d - a);
                TensorPrimitives.MultiplyAdd(centred.AsSpan(a), centred[a], tail, tail);
            }
            if ((i + 1) % FlushRows == 0 || i == n - 1)
            {
                for (var a = 0; a < d; a++)
                {
                    for (var b = a; b < d; b++)
                        total[a, b] += block[a * d + b];
                }
                Array.Clear(block);
            }
        }
        var denominator = Math.Max(1, n - 1);
        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                total[a, b] /= denominator;
                total[b, a] = total[a, b];
            }
        }
        return total;
    }
}
