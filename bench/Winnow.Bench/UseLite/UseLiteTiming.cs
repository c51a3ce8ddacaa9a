using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Winnow.Embedding.UseLite;

namespace Winnow.Bench.UseLite;

/// <summary>
/// USE-lite throughput: `timing use-lite &lt;model folder&gt; &lt;alpaca json&gt; [rows=512] [threads=0]` embeds the
/// first rows' instruction texts and their whole texts (prompt + "\n" + output) and prints sentences/s and
/// pieces/s (pieces after the 128-position clip) by wall and by CPU time, with the tokenizer measured on its own.
/// </summary>
public static class UseLiteTiming
{
    [TimingCommand("use-lite")]
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing use-lite <model folder> <alpaca json> [rows=512] [threads=0]");
            return 2;
        }
        var rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 512;
        var threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        var load = Stopwatch.StartNew();
        var model = UseLiteModel.Load(args[0]);
        Console.WriteLine($"model loaded in {load.Elapsed.TotalSeconds:F2} s from {model.Folder}; {Environment.ProcessorCount} cores, threads={threads}");

        using var document = JsonDocument.Parse(File.ReadAllBytes(args[1]));
        var records = document.RootElement.EnumerateArray().Take(rows).ToArray();
        string Prompt(JsonElement r) => r.GetProperty("input").GetString() is { Length: > 0 } input
            ? r.GetProperty("instruction").GetString() + "\n\n" + input
            : r.GetProperty("instruction").GetString()!;
        var sets = new[]
        {
            ("instruction", records.Select(Prompt).ToArray()),
            ("whole", records.Select(r => Prompt(r) + "\n" + r.GetProperty("output").GetString()).ToArray()),
        };

        var output = new float[records.Length * model.Dim];
        model.Embed(sets[0].Item2.Take(16).ToArray(), output, threads);
        foreach (var (name, texts) in sets)
        {
            var tokenize = Stopwatch.StartNew();
            var pieces = texts.Sum(t => Math.Min(model.Tokenize(t).Length, model.MaxLength));
            tokenize.Stop();
            // CPU time as well as wall time: on a shared machine the wall time says more about the neighbours.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var embed = Stopwatch.StartNew();
            model.Embed(texts, output, threads);
            embed.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var seconds = embed.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: {texts.Length} sentences, {pieces} pieces ({(double)pieces / texts.Length:F1}/sentence); wall {seconds:F2} s = "
                + $"{texts.Length / seconds:F1} sentences/s, {pieces / seconds:F0} pieces/s; CPU {cpu:F2} s = {texts.Length / cpu:F1} sentences per CPU-second; "
                + $"tokenizer alone {tokenize.Elapsed.TotalMilliseconds:F0} ms single-threaded");
        }
        return 0;
    }
}
