using System.Diagnostics;
using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Filters;
using Winnow.Text;

namespace Winnow.Bench.Text;

/// <summary>
/// <c>timing near-dedup-pass1 ROWS DIR [REPEATS=3]</c>: the default recipe's near-dedup pass 1 (shingles, SHA-1,
/// MinHash, band keys, candidate pairs; threshold 0.9 with include_input) over rows of a generated pool (the files
/// <c>timing select-generated</c> writes into DIR), the rows held in memory so that reading them is not timed.
/// ROWS is spread over the sources in proportion to their size (the first rows of each file). The reference path
/// (<see cref="MinHashLshReference"/>: regex, a string per word, system SHA-1, scalar permutations; chunked and
/// parallel as the filter is) and the filter's own pass alternate, REPEATS times each; it prints wall, process CPU,
/// rows per CPU-second, medians, whether the two give the same candidate pairs, and single-thread splits of the
/// row cost (shingling vs signature and band keys).
/// </summary>
internal static class NearDedupTiming
{
    private const int ChunkRows = 1024;

    [TimingCommand("near-dedup-pass1")]
    public static int Run(string[] args)
    {
        if (args.Length is < 2 or > 3)
        {
            Console.Error.WriteLine("usage: timing near-dedup-pass1 ROWS DIR [REPEATS=3]");
            return 2;
        }
        var rows = Rows(int.Parse(args[0], CultureInfo.InvariantCulture), args[1]);
        var repeats = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var settings = new Dictionary<string, string> { ["threshold"] = "0.9", ["include_input"] = "true" };
        var filter = NearDedupFilter.Create(Parameters.For<NearDedupFilter>(settings));
        var lsh = new MinHashLsh(128, MinHashLsh.BandsFor(0.9, 128), seed: 0);
        var texts = rows.Select(r => r.Prompt + " " + r.Response).ToArray();
        Console.WriteLine($"{rows.Count:N0} rows, {texts.Sum(t => (long)t.Length) / rows.Count:N0} chars a row; {Environment.ProcessorCount} logical cores; MinHash vectors {MinHashSignature.BestVectorBits} bits");
        Splits(texts, lsh);
        var reference = new List<double>();
        var fast = new List<double>();
        ulong[] referencePairs = [], fastPairs = [];
        for (var r = 0; r < repeats; r++)
        {
            referencePairs = Timed("reference", rows.Count, reference, () => ReferencePairs(texts, lsh));
            fastPairs = Timed("filter   ", rows.Count, fast, () => filter.CandidatePairs(() => rows, [], CancellationToken.None));
        }
        Console.WriteLine(FormattableString.Invariant(
            $"median CPU-s: reference {Median(reference):F2}, filter {Median(fast):F2} ({Median(reference) / Median(fast):F2}×); rows per CPU-s {rows.Count / Median(reference):N0} vs {rows.Count / Median(fast):N0}"));
        Console.WriteLine($"candidate pairs: {fastPairs.Length:N0}; identical to the reference's: {fastPairs.AsSpan().SequenceEqual(referencePairs)}");
        return fastPairs.AsSpan().SequenceEqual(referencePairs) ? 0 : 1;
    }

    private static List<Sample> Rows(int count, string dir)
    {
        var files = Generation.GenerateCommands.Sources.Select(s => Path.Combine(dir, Path.GetFileNameWithoutExtension(s.File) + ".jsonl")).ToArray();
        var perFile = files.Select(f => DatasetReader.Read(f).Select(o => o.Sample).OfType<Sample>().ToList()).ToList();
        var total = perFile.Sum(f => f.Count);
        return perFile.SelectMany(f => f.Take((int)Math.Round((double)count * f.Count / total))).ToList();
    }

    private static T Timed<T>(string label, int rows, List<double> cpu, Func<T> run)
    {
        GC.Collect();
        var (clock, started) = (Stopwatch.StartNew(), Cpu());
        var result = run();
        var used = Cpu() - started;
        cpu.Add(used);
        Console.WriteLine(FormattableString.Invariant($"  {label} {clock.Elapsed.TotalSeconds,7:F2} s wall {used,7:F2} s CPU  {rows / used,9:N0} rows per CPU-s"));
        return result;
    }

    /// <summary>Pass 1 as the filter runs it (chunks of rows keyed in parallel, added in order), on the reference path.</summary>
    private static ulong[] ReferencePairs(string[] texts, MinHashLsh lsh)
    {
        var candidates = new LshCandidates(lsh.Bands);
        var keys = new ulong[ChunkRows * lsh.Bands];
        var empty = new bool[ChunkRows];
        foreach (var chunk in texts.Chunk(ChunkRows))
        {
            Parallel.For(0, chunk.Length, i =>
            {
                var shingles = MinHashLshReference.Shingles(chunk[i]);
                empty[i] = shingles.Length == 0;
                if (!empty[i])
                    MinHashLshReference.BandKeys(lsh, shingles, keys.AsSpan(i * lsh.Bands, lsh.Bands));
            });
            for (var i = 0; i < chunk.Length; i++)
                candidates.Add(empty[i] ? [] : keys.AsSpan(i * lsh.Bands, lsh.Bands));
        }
        return candidates.TakePairs();
    }

    /// <summary>One thread over the first rows: how the per-row cost splits between shingling and the signature.</summary>
    private static void Splits(string[] texts, MinHashLsh lsh)
    {
        var sample = texts.Take(5000).ToArray();
        var keys = new ulong[lsh.Bands];
        var shingles = sample.Select(MinHashLshReference.Shingles).ToArray();
        var (referenceShingles, referenceKeys) = (Clock(() => { foreach (var t in sample) MinHashLshReference.Shingles(t); }), Clock(() => { foreach (var s in shingles.Where(s => s.Length > 0)) MinHashLshReference.BandKeys(lsh, s, keys); }));
        var (fastShingles, fastKeys) = (Clock(() => { foreach (var t in sample) MinHashLsh.ShingleHashesOf(t); }), Clock(() => { foreach (var s in shingles.Where(s => s.Length > 0)) lsh.BandKeys(s, keys); }));
        Console.WriteLine(FormattableString.Invariant(
            $"one thread, {sample.Length:N0} rows, µs a row: reference shingles {referenceShingles:F1} + keys {referenceKeys:F1}; fast shingles {fastShingles:F1} + keys {fastKeys:F1}"));
        double Clock(Action run)
        {
            var clock = Stopwatch.StartNew();
            run();
            return clock.Elapsed.TotalMicroseconds / sample.Length;
        }
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
