using System.Diagnostics;
using Winnow.Data;

namespace Winnow.Bench.Data;

/// <summary>
/// Read throughput of one pool stored as JSONL, Parquet and Arrow. <c>timing read-formats-prepare in.jsonl dir</c>
/// converts a JSONL file (e.g. one from <c>timing read-generate 1000000</c>) to <c>dir/pool.parquet</c> and
/// <c>dir/pool.arrow</c>; <c>timing read-format file</c> then reads one file (run it once per layout, in separate
/// processes and interleaved, so each peak working set is its own) three times after a warm-up and prints the
/// median rows/s, the peak working set and a digest of every row id, which is the same for every layout.
/// </summary>
internal static class FormatReadTiming
{
    [TimingCommand("read-formats-prepare")]
    public static int Prepare(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: timing read-formats-prepare <in.jsonl> <out-dir>");
            return 2;
        }
        Directory.CreateDirectory(args[1]);
        foreach (var (name, layout) in new[] { ("pool.parquet", DatasetLayout.Parquet), ("pool.arrow", DatasetLayout.ArrowStream) })
        {
            var clock = Stopwatch.StartNew();
            var rows = DatasetConverter.Convert(DatasetPool.Of(args[0]), Path.Combine(args[1], name), layout).Rows;
            Console.WriteLine($"{name}: {rows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s, {new FileInfo(Path.Combine(args[1], name)).Length / 1e6:F1} MB");
        }
        return 0;
    }

    [TimingCommand("read-format")]
    public static int Read(string[] args)
    {
        if (args.Length != 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: timing read-format <file>");
            return 2;
        }
        var (rows, digest) = Pass(args[0]);
        var seconds = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Pass(args[0]);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        var median = seconds.Order().ElementAt(1);
        Console.WriteLine($"{Path.GetFileName(args[0])}: {rows:N0} rows, median {median:F2} s = {rows / median:N0} rows/s " +
                          $"(passes {string.Join(", ", seconds.Select(s => s.ToString("F2")))}); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB; ids digest {digest:x16}");
        return 0;
    }

    private static (long Rows, ulong Digest) Pass(string path)
    {
        long rows = 0;
        ulong digest = 14695981039346656037;
        foreach (var row in DatasetReader.Read(path))
        {
            rows++;
            foreach (var c in row.Sample?.Id ?? row.Error!.Message)
                digest = (digest ^ c) * 1099511628211;
        }
        return (rows, digest);
    }
}
