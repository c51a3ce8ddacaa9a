using System.Diagnostics;
using System.Globalization;
using Winnow.Backends;
using Winnow.Backends.Managed;
using Winnow.Models;
using Winnow.Models.Gguf;
using Winnow.Tensors;
using Winnow.Tokenizers;

namespace Winnow.Bench.Backends;

/// <summary>
/// Token log-probability scoring through either backend, the issue-11 workload: batch 8 × 256 random ids, the actual
/// next token's log-probability at the last 128 positions of each row (<see cref="IModelBackend.TokenLogProbs"/>),
/// one warm-up batch then the median of the timed ones. Each engine × weight type runs in its own process (bench/
/// backends.sh) so peak memory (VmHWM) is that configuration's alone.
/// Usage: timing backends-model &lt;gpt2-small|llama-1b&gt; DIR [types=f32,q8_0,q4_0]   (random HF folder + those GGUF files)
///        timing backends DIR &lt;managed|llama.cpp&gt; &lt;f32|q8_0|q4_0&gt; [threads=2] [timed batches=3] [rows=8]
/// The managed engine runs f32 (the folder) and q8_0 (model.q8_0.gguf read as stored, int8 dot products).
/// </summary>
public static class BackendTiming
{
    private const int Length = 256, Scored = 128;

    [TimingCommand("backends-model")]
    public static int Prepare(string[] args)
    {
        var (shape, dir) = (args[0], args[1]);
        var watch = Stopwatch.StartNew();
        RandomHfFolder.Write(shape, dir);
        Console.WriteLine($"{shape}: random folder written in {watch.Elapsed.TotalSeconds:F0} s");
        var types = args.Length > 2 ? args[2].Split(',') : ["f32", "q8_0", "q4_0"];
        foreach (var type in types)
        {
            watch.Restart();
            var file = Path.Combine(dir, $"model.{type}.gguf");
            GgufConverter.Convert(dir, file, GgufConverter.ParseType(type));
            Console.WriteLine($"{shape}: {type} GGUF {new FileInfo(file).Length / 1e6:F0} MB in {watch.Elapsed.TotalSeconds:F0} s");
        }
        return 0;
    }

    [TimingCommand("backends")]
    public static int Run(string[] args)
    {
        var (dir, engine, type) = (args[0], args[1], args[2]);
        var threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        var timed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
        var rows = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 8;
        Gemm.MaxDegreeOfParallelism = threads;
        var load = Stopwatch.StartNew();
        using var backend = Open(dir, engine, type, threads);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var random = new Random(7);
        var batch = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, Length).Select(_ => random.Next(backend.VocabSize)).ToArray()).ToArray();
        var scored = Enumerable.Repeat((Length - Scored, Length), rows).ToArray();
        var mean = backend.TokenLogProbs(batch, scored).Average(r => r.Average());
        var seconds = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < timed; i++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            backend.TokenLogProbs(batch, scored);
            seconds.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - before).TotalSeconds);
        }
        var median = Median(seconds);
        var tokens = rows * Length;
        // One line per configuration, a row of bench/results/backends.md.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))} ({rows} × {Length}) | {engine} | {type} | {tokens / median:F0} | {string.Join(" / ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} | " +
            $"{tokens / (Median(cpu) / threads):F0} | {PeakMemoryMiB():F0} | {loadSeconds:F1} | {mean:F3} | {LoadAverage()} |"));
        return 0;
    }

    private static IModelBackend Open(string dir, string engine, string type, int threads)
    {
        if (engine == "managed")
        {
            var tokenizer = Tokenizer.Load(Path.Combine(Neural.IfdTiming.SharedFolder(), "fixtures", "gpt2-tiny"));
            if (type == "q8_0")
                return ManagedBackend.InMemory(dir, CausalLM.LoadGguf(Path.Combine(dir, "model.q8_0.gguf"), new ModelOptions { Threads = threads, Weights = WeightFormat.Q8_0 }), tokenizer);
            if (type != "f32")
                throw new ArgumentException("the managed engine runs f32 and q8_0");
            using var folder = ModelDirectory.Open(dir);
            return ManagedBackend.InMemory(dir, CausalLM.Load(folder.Config, folder, new ModelOptions { Threads = threads }), tokenizer);
        }
        return ModelBackends.Open(new BackendOptions("bench", Path.Combine(dir, $"model.{type}.gguf"), BackendKind.LlamaCpp, null,
            type == "f32" ? BackendPrecision.Exact : BackendPrecision.Fast, 0, threads));
    }

    private static double PeakMemoryMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        // "VmHWM:\t 880000 kB": the tab and the padding spaces both separate (at 8 digits only the tab does).
        return double.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
