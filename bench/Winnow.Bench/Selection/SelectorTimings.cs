using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Winnow.Embedding;
using Winnow.Selection;
using Winnow.Selection.Diversity;
using Winnow.Selection.Selectors;

namespace Winnow.Bench.Selection;

/// <summary>
/// <c>timing selectors [mixture|random] [reps] [fl_rows]</c>: wall and CPU time of the geometric selectors on
/// 52,002 × 256 unit rows with budget 1,000. <c>mixture</c> reads <c>../shared/bench/kmeans_52002x256.f16</c>
/// (a Gaussian mixture around 161 centres); <c>random</c> draws isotropic unit vectors (seed 1). Facility location
/// runs on the first <c>fl_rows</c> rows (default 10,400 = Superfiltering.D's 20 % IFD pool of Alpaca; 52002 for
/// the whole pool), since its first step needs all n²/2 kernel values.
/// </summary>
public static class SelectorTimings
{
    private const int Rows = 52_002;
    private const int Dim = 256;
    private const int Budget = 1_000;

    [TimingCommand("selectors")]
    public static int Run(string[] args)
    {
        var data = args.Length > 0 ? args[0] : "mixture";
        var reps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var flRows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_400;
        var embeddings = data == "random" ? RandomUnit(Rows, Dim, 1) : Load(FindShared("bench", "kmeans_52002x256.f16"));
        var scores = new double[Rows];
        var random = new Random(2);
        for (var i = 0; i < Rows; i++)
            scores[i] = random.NextDouble();
        var pool = Context(embeddings, scores, Rows);
        var flPool = Context(Slice(embeddings, flRows), scores[..flRows], flRows);
        var registry = Winnow.Pipeline.Catalog.Selectors;
        Console.WriteLine($"data {data}, {Rows} x {Dim}, budget {Budget}, {Environment.ProcessorCount} cores, {reps} reps");
        Console.WriteLine("| selector | rows | median wall s | median CPU s | picked |");
        Console.WriteLine("|---|---|---|---|---|");
        Time(registry, "deita", [("column", "q")], pool, reps);
        Time(registry, "k-center", [], pool, reps);
        Time(registry, "k-center", [("metric", "cosine")], pool, reps);
        Time(registry, "herding", [], pool, reps);
        Time(registry, "facility-location", [], flPool, reps);
        var picks = registry.Create("k-center", new Parameters(null, "k-center")).Select(pool, Budget, CancellationToken.None).Selected.Select(p => p.Row).ToArray();
        Measure("diversity report (1,000 k-center picks)", Rows, reps, () => DiversityReport.Compute(picks, embeddings, null).Count);
        return 0;
    }

    private static void Time(Registry<ISelector> registry, string name, (string, string)[] parameters, SelectionContext context, int reps)
    {
        var label = parameters.Length == 0 ? name : $"{name} ({string.Join(", ", parameters.Select(p => $"{p.Item1}={p.Item2}"))})";
        Measure(label, context.Count, reps, () =>
            registry.Create(name, new Parameters(parameters.ToDictionary(p => p.Item1, p => p.Item2), name)).Select(context, Budget, CancellationToken.None).Selected.Count);
    }

    private static void Measure(string label, int rows, int reps, Func<int> body)
    {
        var walls = new List<double>();
        var cpus = new List<double>();
        var picked = 0;
        var process = Process.GetCurrentProcess();
        for (var r = 0; r < reps; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            picked = body();
            walls.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpus.Add((process.TotalProcessorTime - cpu).TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {rows} | {Median(walls):F3} | {Median(cpus):F3} | {picked} |"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static SelectionContext Context(EmbeddingMatrix embeddings, double[] scores, int rows) => new()
    {
        Ids = [.. Enumerable.Range(0, rows).Select(i => i.ToString(CultureInfo.InvariantCulture))],
        Scores = new Dictionary<string, double[]> { ["q"] = scores },
        Embeddings = embeddings,
        Seed = 0,
    };

    private static EmbeddingMatrix Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Rows * Dim * 2)
            throw new InvalidDataException($"{path}: {bytes.Length} bytes, expected {Rows} x {Dim} float16");
        return new EmbeddingMatrix(Rows, Dim, MemoryMarshal.Cast<byte, Half>(bytes).ToArray());
    }

    private static EmbeddingMatrix Slice(EmbeddingMatrix source, int rows) =>
        new(rows, source.Dim, source.Block(0, rows).ToArray());

    private static EmbeddingMatrix RandomUnit(int rows, int dim, int seed)
    {
        var random = new Random(seed);
        var matrix = new EmbeddingMatrix(rows, dim);
        var row = new float[dim];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < dim; j++)
                row[j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            var norm = MathF.Sqrt(row.Sum(v => v * v));
            for (var j = 0; j < dim; j++)
                row[j] /= norm;
            matrix.WriteRow(i, row);
        }
        return matrix;
    }

    private static string FindShared(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Winnow.slnx")))
            dir = dir.Parent;
        return Path.Combine([dir?.Parent?.FullName ?? throw new DirectoryNotFoundException("Winnow.slnx not found above the bench binary"), "shared", .. parts]);
    }
}
