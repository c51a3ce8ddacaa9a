using Winnow.Embedding;
using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// k-means clustering (Lloyd's algorithm after k-means++ or random seeding), shaped like scikit-learn's
/// <c>KMeans(algorithm="lloyd")</c>: same initialisation scheme, tolerance rule, stopping rule and empty-cluster
/// handling, so results are comparable though not bit-identical (different random streams and float order).
/// Deterministic for a given seed and independent of <see cref="KMeansOptions.DegreeOfParallelism"/>; machines with a
/// different vector width (AVX-512 / AVX2 / none) round dot products differently, so rows at a near-tie between two
/// centroids may be labelled differently there.
/// </summary>
public static unsafe class KMeans
{
    /// <summary>CaR's cluster count ⌊√(n / 2)⌋, at least 1.</summary>
    public static int DefaultK(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return Math.Max(1, (int)Math.Sqrt(n / 2.0));
    }

    /// <summary>Clusters the rows of an embedding matrix (widened to float32 once).</summary>
    public static KMeansResult Fit(EmbeddingMatrix embeddings, KMeansOptions options, CancellationToken cancellationToken = default) =>
        Fit(embeddings.ToFloat(), embeddings.Rows, embeddings.Dim, options, cancellationToken);

    /// <summary>Clusters <paramref name="n"/> rows of <paramref name="d"/> floats stored row-major in <paramref name="data"/>.</summary>
    public static KMeansResult Fit(ReadOnlySpan<float> data, int n, int d, KMeansOptions options, CancellationToken cancellationToken = default) =>
        Fit(data, n, d, options, DotKernel.Best, cancellationToken);

    internal static KMeansResult Fit(ReadOnlySpan<float> data, int n, int d, KMeansOptions options, KernelPath path, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d);
        if (data.Length != (long)n * d)
            throw new ArgumentException($"k-means data has {data.Length} values, expected {n} × {d}");
        options.Validate(n);
        fixed (float* pointer = data)
            return Fit(new PackedRows(new RowMatrix(pointer, n, d), options.DegreeOfParallelism, cancellationToken), options, path, cancellationToken);
    }

    /// <summary>Clusters the rows of <paramref name="packed"/>, the only copy of the data the fit reads.</summary>
    internal static KMeansResult Fit(PackedRows packed, KMeansOptions options, KernelPath path, CancellationToken cancellationToken)
    {
        options.Validate(packed.Rows);
        var d = packed.Dim;
        var tolerance = options.Tolerance * MeanColumnVariance(packed);
        var seeds = new SeededRandom(options.Seed);
        KMeansResult? best = null;
        for (var run = 0; run < options.NInit; run++)
        {
            var random = new SeededRandom(seeds.NextSeed());
            var rows = KMeansSeeding.Choose(packed, options.K, options.Init, random, options.DegreeOfParallelism, path, cancellationToken);
            var centroids = new float[options.K * d];
            for (var c = 0; c < rows.Length; c++)
                packed.CopyRow(rows[c], centroids.AsSpan(c * d, d));
            var result = Lloyd.Run(packed, centroids, options.K, options.MaxIterations, tolerance, options.DegreeOfParallelism, path, options.IterationDone, cancellationToken);
            if (best is null || result.Inertia < best.Inertia)
                best = result;
        }
        return best!;
    }

    /// <summary>
    /// Labels every row of <paramref name="embeddings"/> with its nearest centroid of <paramref name="model"/> (one
    /// assignment pass, the same kernel and tie rule as <see cref="Fit(EmbeddingMatrix, KMeansOptions, CancellationToken)"/>),
    /// so a model fitted on a sample can partition a whole pool. Rows are widened one block at a time.
    /// </summary>
    public static int[] Predict(EmbeddingMatrix embeddings, KMeansResult model, int degreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        var threads = degreeOfParallelism > 0 ? degreeOfParallelism : Environment.ProcessorCount;
        return BlockedAssignment.Run(embeddings, null, model, threads, null, "", cancellationToken).Labels;
    }

    /// <summary>Mean over columns of the population variance of each column (scikit-learn's <c>_tolerance</c> scale), two-pass.</summary>
    internal static double MeanColumnVariance(PackedRows x)
    {
        var n = x.Rows;
        var d = x.Dim;
        var mean = new double[d];
        fixed (float* panels = x.Panels)
        {
            for (var i = 0; i < n; i++)
            {
                var row = x.Element(panels, i);
                for (var j = 0; j < d; j++)
                    mean[j] += row[j * PackedRows.Width];
            }
            for (var j = 0; j < d; j++)
                mean[j] /= n;
            var total = 0.0;
            for (var i = 0; i < n; i++)
            {
                var row = x.Element(panels, i);
                for (var j = 0; j < d; j++)
                {
                    var delta = row[j * PackedRows.Width] - mean[j];
                    total += delta * delta;
                }
            }
            return total / ((double)n * d);
        }
    }
}
