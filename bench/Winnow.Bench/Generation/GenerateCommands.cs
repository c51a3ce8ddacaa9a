using System.Diagnostics;
using System.Globalization;
using Winnow.Data;

namespace Winnow.Bench.Generation;

/// <summary>
/// <c>timing generate-pool ROWS DIR [SEED]</c>: writes ROWS generated rows to DIR as one Alpaca JSONL per source, fitted on
/// the real files of ../shared/data (five sources: Alpaca, GPTeacher role-play and toolformer, GSM8K, ShareGPT),
/// then prints the planted duplicates and the generated vs real word-count quantiles of the first 20,000 rows.
/// </summary>
public static class GenerateCommands
{
    /// <summary>The real files the sources are fitted on and each source's share of the generated rows.</summary>
    public static readonly (string File, double Weight)[] Sources =
    [
        ("alpaca_cherry_5pct.json", 0.35),
        ("sharegpt_mixed_gpt35_2500.json", 0.25),
        ("gsm8k_train.json", 0.15),
        ("gpteacher_toolformer.json", 0.15),
        ("gpteacher_roleplay.json", 0.10),
    ];

    public static GeneratedPool Pool(int seed) =>
        new(Profiles(), Sources.Select(s => s.Weight).ToList(), seed);

    private static List<SourceProfile> Profiles() => Sources.AsParallel().AsOrdered().Select(s => SourceProfile.Fit(Path.Combine(DataDirectory(), s.File))).ToList();

    /// <summary>The shared data folder: <c>shared/data</c> beside the worktree, looked for from the current folder upwards.</summary>
    private static string DataDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, Sources[0].File)))
                return candidate;
        }
        throw new DirectoryNotFoundException($"no shared/data folder with {Sources[0].File} above {Environment.CurrentDirectory}; run from the worktree");
    }

    [TimingCommand("generate-pool")]
    public static int Generate(string[] args)
    {
        if (args.Length is < 2 or > 3)
        {
            Console.Error.WriteLine("usage: timing generate-pool ROWS DIR [SEED]");
            return 2;
        }
        var rows = long.Parse(args[0], CultureInfo.InvariantCulture);
        var seed = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var clock = Stopwatch.StartNew();
        var cpu = Cpu();
        var pool = Pool(seed);
        var (files, kinds) = pool.WriteJsonl(rows, args[1]);
        Console.WriteLine(FormattableString.Invariant($"{rows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s wall, {Cpu() - cpu:F1} s CPU (with the fit): {kinds[0]:N0} originals, {kinds[1]:N0} exact copies, {kinds[2]:N0} near copies; {files.Sum(f => new FileInfo(f).Length) / 1e6:F1} MB"));
        foreach (var file in files)
            Console.WriteLine(FormattableString.Invariant($"  {Path.GetFileName(file)}: {new FileInfo(file).Length / 1e6:F1} MB"));
        PrintQuantiles(pool, Math.Min(rows, 20_000));
        return 0;
    }

    /// <summary>
    /// <c>timing generate-pool-check ROWS [SEED]</c>: writes ROWS rows with the fast writer and with its reference twin
    /// (<see cref="GeneratedPool.WriteJsonlReference"/>) into two temporary folders, prints each one's wall and CPU
    /// time, and fails unless every file is byte-identical.
    /// </summary>
    [TimingCommand("generate-pool-check")]
    public static int Check(string[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: timing generate-pool-check ROWS [SEED]");
            return 2;
        }
        var rows = long.Parse(args[0], CultureInfo.InvariantCulture);
        var pool = Pool(args.Length == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1);
        var root = Directory.CreateTempSubdirectory("winnow-generate-check-").FullName;
        try
        {
            var fast = Timed("fast", () => pool.WriteJsonl(rows, Path.Combine(root, "fast")));
            var reference = Timed("reference", () => pool.WriteJsonlReference(rows, Path.Combine(root, "reference")));
            var same = fast.Kinds.SequenceEqual(reference.Kinds);
            for (var f = 0; f < fast.Files.Count; f++)
            {
                var identical = File.ReadAllBytes(fast.Files[f]).AsSpan().SequenceEqual(File.ReadAllBytes(reference.Files[f]));
                Console.WriteLine(FormattableString.Invariant($"  {Path.GetFileName(fast.Files[f])}: {new FileInfo(fast.Files[f]).Length:N0} bytes, {(identical ? "identical" : "DIFFERENT")}"));
                same &= identical;
            }
            Console.WriteLine(same ? "fast and reference files are byte-identical" : "fast and reference files DIFFER");
            return same ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (IReadOnlyList<string> Files, long[] Kinds) Timed(string name, Func<(IReadOnlyList<string> Files, long[] Kinds)> write)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Cpu();
        var written = write();
        Console.WriteLine(FormattableString.Invariant($"{name}: {clock.Elapsed.TotalSeconds:F2} s wall, {Cpu() - cpu:F2} s CPU"));
        return written;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Word-count quantiles (10/50/90/99 %) of the generated rows per source, beside the real file's.</summary>
    private static void PrintQuantiles(GeneratedPool pool, long rows)
    {
        var generated = Sources.Select(_ => (Instruction: new List<int>(), Response: new List<int>())).ToArray();
        for (long i = 0; i < rows; i++)
        {
            var row = pool.Generate(i);
            generated[row.Source].Instruction.Add(Words(row.Instruction));
            generated[row.Source].Response.Add(Words(row.Output));
        }
        double[] ps = [0.1, 0.5, 0.9, 0.99];
        Console.WriteLine("word counts, quantiles 10/50/90/99 %: source | instruction generated (real) | response generated (real)");
        var profiles = pool.Sources;
        for (var s = 0; s < Sources.Length; s++)
        {
            var (realInstruction, realResponse) = profiles[s].RealQuantiles();
            var instruction = generated[s].Instruction.Order().ToArray();
            var response = generated[s].Response.Order().ToArray();
            Console.WriteLine($"  {profiles[s].Name} | {Join(ps.Select(p => SourceProfile.Quantile(instruction, p)))} ({Join(realInstruction)}) | {Join(ps.Select(p => SourceProfile.Quantile(response, p)))} ({Join(realResponse)})");
        }
    }

    private static string Join(IEnumerable<int> values) => string.Join('/', values);

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
