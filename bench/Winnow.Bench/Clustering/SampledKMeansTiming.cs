using System.Diagnostics;
using System.Globalization;
using Winnow.Embedding;
using Winnow.Selection.Clustering;
using Winnow.Tensors;

namespace Winnow.Bench.Clustering;

/// <summary>
/// <c>timing kmeans-sampled ROWS K [full|sampled] [RAW_F32_OUT|-] [MAX_ITERATIONS]</c>: k-means on a generated ROWS × 256 float16 pool
/// (unit vectors around 3·K seeded Gaussian centres with per-centre spread, so clusters overlap as text embeddings
/// do), fitted the faiss way (<see cref="SampledKMeans"/>: k-means++ and Lloyd on K × 256 sampled rows, then every row
/// assigned in blocks), and with <c>full</c> also on all rows (<see cref="KMeans.Fit(EmbeddingMatrix, KMeansOptions, CancellationToken)"/>),
/// printing wall and CPU time and the inertia over all rows of both, and their gap. RAW_F32_OUT writes the widened
/// matrix as raw float32 for the faiss peer (bench/peers/faiss_kmeans.py), which then sees the same values.
/// </summary>
public static class SampledKMeansTiming
{
    private const int Dim = 256;

    [TimingCommand("kmeans-sampled")]
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing kmeans-sampled ROWS K [full|sampled] [RAW_F32_OUT|-] [MAX_ITERATIONS]");
            return 2;
        }
        var n = int.Parse(args[0], CultureInfo.InvariantCulture);
        var k = int.Parse(args[1], CultureInfo.InvariantCulture);
        var full = args.Length > 2 && args[2] == "full";
        var matrix = Generate(n, k, seed: 7);
        if (args.Length > 3 && args[3] != "-")
            WriteFloat32(matrix, args[3]);
        // A cap on Lloyd iterations (faiss's default is 20) makes the comparison with the peer like for like.
        var options = args.Length > 4
            ? new KMeansOptions { K = k, Seed = 0, MaxIterations = int.Parse(args[4], CultureInfo.InvariantCulture) }
            : new KMeansOptions { K = k, Seed = 0 };
        Console.WriteLine($"k-means {n:N0} × {Dim}, k = {k}, kernel {DotKernel.Best}, {options.DegreeOfParallelism} threads");
        var sampled = Measure("sampled (256 per centroid)", () => SampledKMeans.Fit(matrix, null, options, SampledKMeans.FaissPointsPerCentroid, null, "", CancellationToken.None));
        Console.WriteLine(FormattableString.Invariant($"  trained on {sampled.TrainingRows:N0} rows, {sampled.Model.Iterations} iterations, converged {sampled.Model.Converged}"));
        if (full)
        {
            var whole = Measure("full fit", () => SampledKMeans.Fit(matrix, null, options, 0, null, "", CancellationToken.None));
            Console.WriteLine(FormattableString.Invariant($"  {whole.Model.Iterations} iterations, converged {whole.Model.Converged}"));
            Console.WriteLine(FormattableString.Invariant($"inertia gap (sampled / full − 1): {sampled.Inertia / whole.Inertia - 1:P3}"));
        }
        Console.WriteLine($"peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
        return 0;
    }

    private static PoolClustering Measure(string name, Func<PoolClustering> fit)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = fit();
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"{name}: {watch.Elapsed.TotalSeconds:F2} s wall, {cpu:F2} s CPU, inertia over all rows {result.Inertia:F1}"));
        return result;
    }

    /// <summary>Unit vectors: a seeded centre (of 3·k) plus Gaussian noise with a per-centre scale in [0.5, 1.5]·0.06.</summary>
    internal static EmbeddingMatrix Generate(int n, int k, int seed)
    {
        var random = new Random(seed);
        var centres = 3 * k;
        var centre = new float[centres * Dim];
        var spread = new double[centres];
        for (var c = 0; c < centres; c++)
        {
            for (var j = 0; j < Dim; j++)
                centre[c * Dim + j] = (float)(Gaussian(random) / Math.Sqrt(Dim));
            spread[c] = 0.06 * (0.5 + random.NextDouble());
        }
        var matrix = new EmbeddingMatrix(n, Dim);
        var row = new float[Dim];
        for (var i = 0; i < n; i++)
        {
            var c = random.Next(centres);
            var norm = 0.0;
            for (var j = 0; j < Dim; j++)
            {
                row[j] = centre[c * Dim + j] + (float)(spread[c] * Gaussian(random));
                norm += row[j] * row[j];
            }
            for (var j = 0; j < Dim; j++)
                row[j] = (float)(row[j] / Math.Sqrt(norm));
            matrix.WriteRow(i, row);
        }
        return matrix;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void WriteFloat32(EmbeddingMatrix matrix, string path)
    {
        using var stream = File.Create(path);
        var block = new float[4096 * Dim];
        for (var start = 0; start < matrix.Rows; start += 4096)
        {
            var count = Math.Min(4096, matrix.Rows - start);
            matrix.ReadRows(start, count, block);
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(block.AsSpan(0, count * Dim)));
        }
    }
}
