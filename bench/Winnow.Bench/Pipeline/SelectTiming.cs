using System.Diagnostics;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Bench.Pipeline;

/// <summary>
/// End-to-end timing of the built-in default selection (the job <c>winnow select</c> runs), with wall time per
/// stage and the process's peak resident memory.
/// <list type="bullet">
/// <item><c>timing select-pool BUDGET FILE…</c>: the given Alpaca-format files concatenated into one JSONL
/// (e.g. the four in ../shared/data), then selected.</item>
/// <item><c>timing select-synthetic ROWS BUDGET</c>: a generated demo-style JSONL of ROWS rows, then selected.</item>
/// </list>
/// </summary>
public static class SelectTiming
{
    [TimingCommand("select-pool")]
    public static int Pool(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing select-pool BUDGET FILE [FILE…]");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("winnow-select-pool-").FullName;
        var input = Path.Combine(dir, "pool.jsonl");
        var rows = args[1..].SelectMany(f => DatasetReader.Read(f)).Select((o, i) => Reindex(o.Sample ?? throw new InvalidDataException(o.Error!.ToString()), i));
        SampleFileWriter.WriteAlpaca(input, rows, DatasetLayout.JsonLines);
        return Run(input, int.Parse(args[0]), dir);
    }

    [TimingCommand("select-synthetic")]
    public static int Synthetic(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: timing select-synthetic ROWS BUDGET");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("winnow-select-synthetic-").FullName;
        var input = Path.Combine(dir, "synthetic.jsonl");
        SampleFileWriter.WriteAlpaca(input, SyntheticPool.Rows(int.Parse(args[0])), DatasetLayout.JsonLines);
        GC.Collect();
        return Run(input, int.Parse(args[1]), dir);
    }

    /// <summary>
    /// <c>timing select-generated ROWS BUDGET [KEEP_DIR [OUT_DIR]]</c>: ROWS rows of the realistic generator
    /// (<see cref="Generation.GeneratedPool"/>, one file per source, so the source floor and per-source calibration
    /// apply), then the default selection over the files as a pool. The input is kept when KEEP_DIR is given (and
    /// reused when it already holds the files). The selection goes to OUT_DIR/subset.jsonl and stays there when
    /// OUT_DIR is given, so a second run resumes from its score file and filter checkpoints (delete the score file
    /// first to time the filter checkpoints alone); without it, to a temporary folder deleted after the run. The files must be regular files, not named pipes: the selection reads
    /// the pool afresh for each of its passes (<see cref="PoolScan.Rows(DatasetPool, DatasetReadOptions)"/>).
    /// </summary>
    [TimingCommand("select-generated")]
    public static int Generated(string[] args)
    {
        if (args.Length is < 2 or > 4)
        {
            Console.Error.WriteLine("usage: timing select-generated ROWS BUDGET [KEEP_DIR [OUT_DIR]]");
            return 2;
        }
        var keep = args.Length >= 3;
        var dir = keep ? Directory.CreateDirectory(args[2]).FullName : Directory.CreateTempSubdirectory("winnow-select-generated-").FullName;
        var files = Generation.GenerateCommands.Sources.Select(s => Path.Combine(dir, Path.GetFileNameWithoutExtension(s.File) + ".jsonl")).ToArray();
        if (!files.All(File.Exists))
            Generation.GenerateCommands.Pool(seed: 1).WriteJsonl(long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture), dir);
        var keepOutput = args.Length == 4;
        var output = keepOutput ? Directory.CreateDirectory(args[3]).FullName : Directory.CreateTempSubdirectory("winnow-select-generated-out-").FullName;
        var result = Run(files, int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), output, keepOutput);
        if (!keep)
            Directory.Delete(dir, recursive: true);
        return result;
    }

    private static Sample Reindex(Sample s, int index) => new(index, s.Turns, s.Instruction, s.Input, s.Response);

    private static int Run(string input, int budget, string dir) => Run([input], budget, dir, keepOutput: false);

    private static int Run(string[] inputs, int budget, string dir, bool keepOutput)
    {
        var recipe = Catalog.DefaultRecipe();
        var options = new SelectOptions { Input = inputs[0], Inputs = inputs, Output = Path.Combine(dir, "subset.jsonl"), Budget = budget, OnError = OnErrorPolicy.Skip };
        var stages = new StageClock();
        var clock = Stopwatch.StartNew();
        var summary = RunPlan.Compile(recipe, options).Run(stages, CancellationToken.None);
        clock.Stop();
        stages.Close();
        Console.WriteLine($"input: {inputs.Sum(f => new FileInfo(f).Length) / 1e6:F1} MB, {summary.Scan.TotalRows:N0} rows ({summary.Scan.UsableIndices.Count:N0} usable), budget {budget}");
        Console.WriteLine($"wall: {clock.Elapsed.TotalSeconds:F2} s; CPU: {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F2} s; peak RSS: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB (anonymous, sampled: {Math.Max(StageClock.PeakAnonymousBytes, StageClock.AnonymousBytes()) / (1024.0 * 1024):F0} MiB); selected {summary.Selection.Selected.Count:N0}");
        Console.WriteLine(FormattableString.Invariant(
            $"GC: {GC.CollectionCount(0):N0} / {GC.CollectionCount(1):N0} / {GC.CollectionCount(2):N0} collections of generations 0 / 1 / 2, paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s, {GC.GetTotalAllocatedBytes() / 1e9:F1} GB allocated"));
        // Digests of what the selection wrote, so two builds' runs can be compared before the folder goes.
        foreach (var file in Directory.GetFiles(dir).Where(f => !inputs.Contains(f)).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            Console.WriteLine($"output {Path.GetFileName(file)}: sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream))}");
        }
        if (!keepOutput)
            Directory.Delete(dir, recursive: true);
        return 0;
    }

    /// <summary>
    /// Wall and process CPU time from each stage's first progress report to the next stage's first report (CPU time
    /// is the fairer figure on a shared machine: on an idle one, wall ≈ CPU ÷ threads for the parallel parts).
    /// </summary>
    private sealed class StageClock : IProgress<StageProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string? _current;
        private double _started;
        private double _cpuStarted;
        private long _allocatedStarted;
        private double _pausedStarted;
        private int _gen2Started;

        /// <summary>
        /// Largest anonymous resident memory seen (sampled at progress reports, at most twice a second): the peak RSS
        /// also counts the pages of the memory-mapped embedding file, which the kernel may write back and evict.
        /// </summary>
        public static long PeakAnonymousBytes { get; private set; }

        private double _sampled = -1;

        public void Report(StageProgress value)
        {
            var now = _clock.Elapsed.TotalSeconds;
            if (now - _sampled >= 0.5)
            {
                _sampled = now;
                PeakAnonymousBytes = Math.Max(PeakAnonymousBytes, AnonymousBytes());
            }
            if (value.Stage == _current)
                return;
            Close();
            _current = value.Stage;
            _started = _clock.Elapsed.TotalSeconds;
            _cpuStarted = Cpu();
            _allocatedStarted = GC.GetTotalAllocatedBytes();
            _pausedStarted = GC.GetTotalPauseDuration().TotalSeconds;
            _gen2Started = GC.CollectionCount(2);
        }

        public static long AnonymousBytes()
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                    return long.Parse(line["RssAnon:".Length..^2].Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
            return 0;
        }

        private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

        public void Close()
        {
            if (_current is null)
                return;
            // Printed as each stage ends, so a run stopped part-way still reports the stages it finished.
            Console.WriteLine(FormattableString.Invariant(
                $"  {_current,-52} {_clock.Elapsed.TotalSeconds - _started,8:F2} s wall {Cpu() - _cpuStarted,8:F2} s CPU  (RSS now {Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024):F0} MiB, anonymous {AnonymousBytes() / (1024.0 * 1024):F0} MiB; allocated {(GC.GetTotalAllocatedBytes() - _allocatedStarted) / 1e9:F2} GB, GC paused {GC.GetTotalPauseDuration().TotalSeconds - _pausedStarted:F2} s, {GC.CollectionCount(2) - _gen2Started} of generation 2)"));
            _current = null;
        }
    }
}
