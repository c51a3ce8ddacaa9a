using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Winnow.Data;
using Winnow.Embedding;

namespace Winnow.Bench.Clustering;

/// <summary>
/// Throughput and memory of the default embedder: the 3,111 Alpaca rows of ../shared/data/alpaca_cherry_5pct.json
/// cycled up to the requested row count (each copy gets its index appended to the instruction so texts differ),
/// streamed through Fit, then embedded in batches of 4,096 into one float16 matrix.
/// </summary>
public static class HashedTfidfTiming
{
    /// <summary>args: [rows=500000] [threads=2] [runs=3]</summary>
    [TimingCommand("hashed-tfidf")]
    public static int Run(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var source = LoadAlpaca(Path.Combine(SharedBench.Folder, "..", "data", "alpaca_cherry_5pct.json"));
        var averageChars = source.Average(s => s.Prompt.Length + s.Response.Length + 1);
        Console.WriteLine(FormattableString.Invariant($"hashed-tfidf: {rows} rows cycled from {source.Count} Alpaca rows ({averageChars:F0} chars on average), threads={threads}"));
        var fitTimes = new List<double>();
        var embedTimes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var embedder = new HashedTfidfEmbedder(new HashedTfidfOptions { Threads = threads });
            var watch = Stopwatch.StartNew();
            embedder.Fit(Cycle(source, rows), CancellationToken.None);
            var fit = watch.Elapsed.TotalSeconds;
            var matrix = new EmbeddingMatrix(rows, embedder.Dim);
            watch.Restart();
            foreach (var (batch, first) in Batches(Cycle(source, rows), 4096))
                embedder.Embed(batch, matrix, first, CancellationToken.None);
            var embed = watch.Elapsed.TotalSeconds;
            fitTimes.Add(fit);
            embedTimes.Add(embed);
            Console.WriteLine(FormattableString.Invariant(
                $"run {run + 1}: fit {fit:F2} s ({rows / fit:F0} rows/s), embed {embed:F2} s ({rows / embed:F0} rows/s), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB"));
        }
        fitTimes.Sort();
        embedTimes.Sort();
        var fitMedian = fitTimes[fitTimes.Count / 2];
        var embedMedian = embedTimes[embedTimes.Count / 2];
        Console.WriteLine(FormattableString.Invariant(
            $"median: fit {fitMedian:F2} s ({rows / fitMedian:F0} rows/s), embed {embedMedian:F2} s ({rows / embedMedian:F0} rows/s), total {rows / (fitMedian + embedMedian):F0} rows/s"));
        return 0;
    }

    private static List<Sample> LoadAlpaca(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var samples = new List<Sample>();
        foreach (var record in document.RootElement.EnumerateArray())
        {
            var instruction = record.GetProperty("instruction").GetString() ?? "";
            var input = record.GetProperty("input").GetString() ?? "";
            var output = record.GetProperty("output").GetString() ?? "";
            var prompt = input.Length == 0 ? instruction : instruction + "\n\n" + input;
            samples.Add(new Sample(samples.Count, [new Turn(Role.User, prompt), new Turn(Role.Assistant, output)], instruction, input, output));
        }
        return samples;
    }

    private static IEnumerable<Sample> Cycle(List<Sample> source, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            var s = source[i % source.Count];
            var instruction = s.Instruction + " " + (i / source.Count).ToString(CultureInfo.InvariantCulture);
            yield return new Sample(i, s.Turns, instruction, s.Input, s.Response);
        }
    }

    private static IEnumerable<(List<Sample> Batch, int First)> Batches(IEnumerable<Sample> rows, int size)
    {
        var batch = new List<Sample>(size);
        var first = 0;
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == size)
            {
                yield return (batch, first);
                first += size;
                batch = new List<Sample>(size);
            }
        }
        if (batch.Count > 0)
            yield return (batch, first);
    }
}
