using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Winnow.Data;
using Winnow.Filters;

namespace Winnow.Bench.Filters;

/// <summary>
/// <c>timing response-fit ROWS DIR [THREADS [RANKS]]</c>: <see cref="ResponseFit"/>'s three passes over ROWS rows of a
/// generated pool (DIR as written by <c>timing generate-pool</c>; the files' rows taken in turn, one from each, so
/// every source is in the sample), with wall and CPU seconds per pass, and a digest of the ranks' bits and the counts
/// above the filter's two default limits, so two builds can be checked to rank alike. With RANKS, the ranks are also
/// written there as little-endian doubles in row order, and the counts of rows whose rank or decision differs from a
/// file written so before are printed, for builds that rank alike up to rounding.
/// </summary>
public static class ResponseFitTiming
{
    [TimingCommand("response-fit")]
    public static int Run(string[] args)
    {
        if (args.Length is < 2 or > 4)
        {
            Console.Error.WriteLine("usage: timing response-fit ROWS DIR [THREADS [RANKS]]");
            return 2;
        }
        var count = int.Parse(args[0], CultureInfo.InvariantCulture);
        var threads = args.Length >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var rows = Interleave(Directory.GetFiles(args[1], "*.jsonl").Order(StringComparer.Ordinal).ToArray(), count);
        Console.WriteLine($"{rows.Count:N0} rows from {args[1]}, {threads} threads");

        using var fit = new ResponseFit(new ResponseFit.Options { Threads = threads });
        var splits = new List<(string Pass, double Wall, double Cpu)>();
        var (wall, cpu) = (Stopwatch.StartNew(), Cpu());
        void Split(string pass)
        {
            splits.Add((pass, wall.Elapsed.TotalSeconds, Cpu() - cpu));
            (cpu, wall) = (Cpu(), Stopwatch.StartNew());
        }
        // Fit reads the rows twice: the end of the first read is the end of pass 1.
        var reads = 0;
        IEnumerable<Sample> Read()
        {
            if (reads++ == 1)
                Split("pass 1 (terms, document frequencies, anchors)");
            return rows;
        }
        fit.Fit(Read, CancellationToken.None);
        Split("pass 2 (the anchors' vectors)");
        var ranks = new List<double>(rows.Count);
        foreach (var chunk in rows.Chunk(4096))
            ranks.AddRange(fit.Rank(chunk, CancellationToken.None));
        Split("pass 3 (anchor search and ranks)");

        foreach (var (pass, w, c) in splits)
            Console.WriteLine(FormattableString.Invariant($"  {pass,-48} {w,8:F2} s wall {c,8:F2} s CPU"));
        var bits = ranks.SelectMany(r => BitConverter.GetBytes(r)).ToArray();
        Console.WriteLine(FormattableString.Invariant(
            $"ranks: {ranks.Count(r => !double.IsNaN(r)):N0} defined, {ranks.Count(r => r > 0.5):N0} above 0.5, {ranks.Count(r => r > 0.1):N0} above 0.1; SHA-256 of the ranks' bits {Convert.ToHexStringLower(SHA256.HashData(bits))[..16]}"));
        if (args.Length == 4)
            CompareAndWrite(ranks, args[3]);
        return 0;
    }

    /// <summary>
    /// Counts the rows whose rank differs from the ones in <paramref name="path"/> (if it exists and holds as many), and
    /// how many of them cross one of the filter's default limits (0.5 sets aside, 0.1 gates); then writes these ranks there.
    /// </summary>
    private static void CompareAndWrite(List<double> ranks, string path)
    {
        var bits = ranks.SelectMany(r => BitConverter.GetBytes(r)).ToArray();
        if (File.Exists(path) && new FileInfo(path).Length == bits.Length)
        {
            var before = File.ReadAllBytes(path);
            var (differ, crossed, largest) = (0, 0, 0.0);
            for (var i = 0; i < ranks.Count; i++)
            {
                var old = BitConverter.ToDouble(before, 8 * i);
                if (old.Equals(ranks[i]))
                    continue;
                differ++;
                largest = Math.Max(largest, Math.Abs(old - ranks[i]));
                if ((old > 0.5) != (ranks[i] > 0.5) || (old > 0.1) != (ranks[i] > 0.1))
                    crossed++;
            }
            Console.WriteLine(FormattableString.Invariant(
                $"against {path}: {differ:N0} ranks differ (largest difference {largest:G4}), {crossed:N0} of them cross a default limit"));
        }
        File.WriteAllBytes(path, bits);
    }

    /// <summary>The first <paramref name="count"/> rows of the files taken in turn, renumbered from 0.</summary>
    private static List<Sample> Interleave(string[] files, int count)
    {
        var readers = files.Select(f => DatasetReader.Read(f).Select(o => o.Sample).OfType<Sample>().GetEnumerator()).ToList();
        var rows = new List<Sample>(count);
        while (rows.Count < count && readers.Count > 0)
        {
            foreach (var reader in readers.ToList())
            {
                if (rows.Count == count)
                    break;
                if (!reader.MoveNext())
                {
                    readers.Remove(reader);
                    continue;
                }
                var s = reader.Current;
                rows.Add(new Sample(rows.Count, s.Turns, s.Instruction, s.Input, s.Response));
            }
        }
        return rows;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
