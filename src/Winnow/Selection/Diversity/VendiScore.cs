using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;
using Winnow.Embedding;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Diversity;

/// <summary>Which matrix the Vendi eigenvalues come from.</summary>
public enum VendiForm
{
    /// <summary>Primal when n ≤ d, dual otherwise (the smaller matrix).</summary>
    Auto,

    /// <summary>K/n = X Xᵀ / n, n × n.</summary>
    Primal,

    /// <summary>Xᵀ X / n, d × d: same non-zero spectrum as K/n.</summary>
    Dual,
}

/// <summary>
/// Vendi score (Friedman &amp; Dieng 2023) with the cosine kernel: rows are L2-normalised (zero rows stay zero), K = X Xᵀ,
/// λ = eigenvalues of K/n, VS_q = exp(H_q(λ)) with the Rényi entropy of order q (q = 1: exp(−Σ λ ln λ), 0·ln 0 := 0;
/// q = ∞: 1/max λ). Ranges over [1, n]. Eigenvalues come from MathNet's symmetric solver in double precision;
/// tiny negative eigenvalues from rounding are clamped to 0. Unlike the reference <c>score_X</c>, q is honoured.
/// </summary>
public static class VendiScore
{
    public static double Compute(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, double q = 1.0, VendiForm form = VendiForm.Auto) =>
        rows.Count == 0 ? double.NaN : FromEigenvalues(Spectrum(embeddings, rows, form), q);

    /// <summary>
    /// The eigenvalues of K/n for <paramref name="rows"/> (at least one), from which <see cref="FromEigenvalues"/> gives
    /// the score of every order q: taken once, it serves several.
    /// </summary>
    public static double[] Spectrum(EmbeddingMatrix embeddings, IReadOnlyList<int> rows, VendiForm form = VendiForm.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var x = DenseRows.From(embeddings, rows, normalize: true);
        var n = x.Count;
        var d = x.Dim;
        var primal = form == VendiForm.Primal || (form == VendiForm.Auto && n <= d);
        var size = primal ? n : d;
        var matrix = Matrix<double>.Build.Dense(size, size);
        if (primal)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    var k = Dot(x.Row(i), x.Row(j)) / n;
                    matrix[i, j] = k;
                    matrix[j, i] = k;
                }
            }
        }
        else
        {
            var gram = Gram(x);
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    matrix[a, b] = gram[a * d + b] / n;
                    matrix[b, a] = gram[a * d + b] / n;
                }
            }
        }
        return Eigenvalues(matrix);
    }

    /// <summary>
    /// The lower triangle of Xᵀ X (row-major d × d, entries above the diagonal 0), summed in double over the rows in
    /// order, each entry as x_a · x_b in double; four entries at a time, which sums each exactly as one at a time would.
    /// </summary>
    internal static double[] Gram(DenseRows x)
    {
        var d = x.Dim;
        var gram = new double[d * d];
        var wide = new double[d];
        for (var r = 0; r < x.Count; r++)
        {
            var row = x.Row(r);
            for (var j = 0; j < d; j++)
                wide[j] = row[j];
            for (var a = 0; a < d; a++)
            {
                var xa = wide[a];
                if (xa == 0)
                    continue;
                var target = gram.AsSpan(a * d, a + 1);
                var scale = Vector256.Create(xa);
                var b = 0;
                for (; b + Vector256<double>.Count <= target.Length; b += Vector256<double>.Count)
                {
                    var sum = Vector256.Create(target.Slice(b, Vector256<double>.Count)) + scale * Vector256.Create(wide.AsSpan(b, Vector256<double>.Count));
                    sum.CopyTo(target[b..]);
                }
                for (; b < target.Length; b++)
                    target[b] += xa * wide[b];
            }
        }
        return gram;
    }

    /// <summary>exp(H_q(λ)) of eigenvalues taken as a probability vector (negative rounding noise clamped to 0).</summary>
    public static double FromEigenvalues(ReadOnlySpan<double> eigenvalues, double q)
    {
        var lambda = new double[eigenvalues.Length];
        for (var i = 0; i < lambda.Length; i++)
            lambda[i] = Math.Max(0.0, eigenvalues[i]);
        return Math.Exp(CategoricalDiversity.RenyiOfProbabilities(lambda, q));
    }

    private static double[] Eigenvalues(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        return [.. evd.EigenValues.Select(v => v.Real)];
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }
}
