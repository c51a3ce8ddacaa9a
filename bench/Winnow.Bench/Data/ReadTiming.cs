using System.Diagnostics;
using Winnow.Data;

namespace Winnow.Bench.Data;

/// <summary>
/// Dataset reader throughput and memory. <c>timing read [files...]</c> reads the files (default: the four
/// Alpaca-format files in ../shared/data) once to warm up, then three times, and prints rows/s and MB/s of the
/// best pass and the process's peak working set. <c>timing read-generate N out.jsonl</c> writes an N-row
/// synthetic Alpaca JSONL file, so a large input can then be read in a fresh process to see its peak memory.
/// </summary>
internal static class ReadTiming
{
    private static readonly string[] DefaultFiles =
        ["alpaca_cherry_5pct.json", "gsm8k_train.json", "gpteacher_roleplay.json", "gpteacher_toolformer.json"];

    [TimingCommand("read")]
    public static int Read(string[] args)
    {
        var files = args.Length > 0 ? args : DefaultFiles.Select(f => Path.Combine("..", "shared", "data", f)).ToArray();
        var missing = files.FirstOrDefault(f => !File.Exists(f));
        if (missing is not null)
        {
            Console.Error.WriteLine($"read: {missing} does not exist (run from the repository root, or name the files)");
            return 2;
        }
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var (rows, errors) = Pass(files);
        Console.WriteLine($"files {files.Length}, rows {rows:N0} ({errors:N0} errors), {bytes / 1e6:F1} MB on disk");
        Report("read rows (split + parse + Sample)", rows, bytes, () => Pass(files));
        Report("split only (raw rows, no parse)", rows, bytes, () => SplitOnly(files));
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB, GC heap now {GC.GetTotalMemory(false) / 1e6:F1} MB");
        return 0;
    }

    [TimingCommand("read-generate")]
    public static int Generate(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[0], out var count) || count < 0)
        {
            Console.Error.WriteLine("usage: timing read-generate <rows> <out.jsonl[.gz]>");
            return 2;
        }
        var random = new Random(1234);
        var words = "the of model data answer question explain list write describe because which short long café 😀 \"quoted\" back\\slash".Split(' ');
        string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
        var samples = Enumerable.Range(0, count).Select(i =>
        {
            var instruction = Text(5 + random.Next(20));
            var input = random.Next(3) == 0 ? Text(random.Next(30)) : "";
            var output = Text(20 + random.Next(150));
            var prompt = input.Length == 0 ? instruction : instruction + "\n\n" + input;
            return new Sample(i, [new Turn(Role.User, prompt), new Turn(Role.Assistant, output)], instruction, input, output);
        });
        SampleFileWriter.WriteAlpaca(args[1], samples, DatasetLayout.JsonLines);
        Console.WriteLine($"wrote {count:N0} rows, {new FileInfo(args[1]).Length / 1e6:F1} MB to {args[1]}");
        return 0;
    }

    /// <summary>Best of three passes after the warm-up, in wall time and in this process's CPU time (the machine may be shared).</summary>
    private static void Report(string what, long rows, long bytes, Action pass)
    {
        var wall = double.MaxValue;
        var cpu = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            pass();
            wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }
        Console.WriteLine($"{what}: wall {wall:F3} s = {rows / wall:N0} rows/s, {bytes / 1e6 / wall:F1} MB/s; " +
                          $"CPU {cpu:F3} s = {rows / cpu:N0} rows/s, {bytes / 1e6 / cpu:F1} MB/s");
    }

    private static void SplitOnly(string[] files)
    {
        var options = new DatasetReadOptions();
        foreach (var file in files)
        {
            using var source = RecordSources.Open(file, options);
            foreach (var _ in source.Records())
            {
            }
        }
    }

    private static (long Rows, long Errors) Pass(string[] files)
    {
        long rows = 0, errors = 0;
        foreach (var file in files)
        {
            foreach (var row in DatasetReader.Read(file))
            {
                rows++;
                if (!row.IsSuccess)
                    errors++;
            }
        }
        return (rows, errors);
    }
}
