using System.Diagnostics;
using System.Globalization;
using System.Text;
using Utf8 = System.Text.Encoding;
using System.Text.Json;
using Winnow.Tokenizers;

namespace Winnow.Bench.Tokenizers;

/// <summary>
/// End-to-end tokenizer throughput on real instruction data (the "output" fields of alpaca_cherry_5pct.json,
/// gpteacher_roleplay.json and gpteacher_toolformer.json), for Winnow and, in the same run on the same texts,
/// for transformers.js (bench/peers/tokenizers, needs `npm install` there). Both sides also hash the ids they
/// produce, so the figures are only reported as comparable when the encodings agree.
/// Usage: timing tokenizers [--reps N] [--all] [--no-peer] [--out FILE]
/// </summary>
public static class TokenizerTiming
{
    private static readonly string[] DefaultNames = ["gpt2", "bert-minilm-uncased"];
    private static readonly string[] AllNames = ["gpt2", "bert-minilm-uncased", "mistral-7b-v0.1", "xlmr-unigram-test", "qwen3", "llama3"];
    private static readonly string[] DataFiles = ["alpaca_cherry_5pct.json", "gpteacher_roleplay.json", "gpteacher_toolformer.json"];

    [TimingCommand("tokenizers")]
    public static int Run(string[] args)
    {
        int reps = 5, peerReps = 1;
        bool all = false, peer = true;
        string? outFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--peer-reps": peerReps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--all": all = true; break;
                case "--no-peer": peer = false; break;
                case "--out": outFile = args[++i]; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: timing tokenizers [--reps N] [--peer-reps N] [--all] [--no-peer] [--out FILE]");
                    return 2;
            }
        }
        string root = RepoRoot();
        string shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        if (!Directory.Exists(shared))
        {
            Console.Error.WriteLine($"needs the shared data folder at {shared}");
            return 1;
        }
        var texts = LoadTexts(Path.Combine(shared, "data"));
        long bytes = texts.Sum(t => (long)Utf8.UTF8.GetByteCount(t));
        string textsFile = Path.Combine(Path.GetTempPath(), $"winnow-tokenizer-bench-{Environment.ProcessId}.json");
        File.WriteAllText(textsFile, JsonSerializer.Serialize(texts));
        Console.WriteLine($"{texts.Count} texts, {bytes / 1e6:F2} MB UTF-8, {reps} timed repetitions (median reported), {Environment.ProcessorCount} cores");

        var rows = new List<string>();
        try
        {
            foreach (string name in all ? AllNames : DefaultNames)
            {
                string dir = TokenizerDirectory(shared, name);
                var ours = MeasureWinnow(dir, texts, reps);
                rows.Add(Row(name, "Winnow (1 thread)", ours.LoadMs, ours.Tokens, bytes, ours.Single, ours.Hash));
                rows.Add(Row(name, $"Winnow EncodeBatch ({Environment.ProcessorCount} threads)", ours.LoadMs, ours.Tokens, bytes, ours.Batch, ours.Hash));
                Console.WriteLine(rows[^2]);
                Console.WriteLine(rows[^1]);
                if (!peer) continue;
                var theirs = MeasurePeer(root, dir, textsFile, peerReps);
                if (theirs is null) { rows.Add($"| {name} | transformers.js | peer not run (see stderr) | | | | |"); continue; }
                rows.Add(Row(name, "transformers.js 4.3.1 (node)", theirs.Value.LoadMs, theirs.Value.Tokens, bytes, theirs.Value.Seconds,
                    theirs.Value.Hash) + (theirs.Value.Hash == ours.Hash ? "" : " **ids differ from Winnow**"));
                Console.WriteLine(rows[^1]);
            }
        }
        finally
        {
            File.Delete(textsFile);
        }
        string report = Report(texts.Count, bytes, reps, peerReps, rows);
        string path = outFile ?? Path.Combine(root, "bench", "results", "tokenizers.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, report);
        Console.WriteLine($"written {path}");
        return 0;
    }

    /// <summary>Seconds per pass: wall clock and CPU time of the whole process (the CPU figure is what to compare on a busy machine).</summary>
    private sealed record Pass(double Wall, double Cpu);

    private sealed record WinnowResult(double LoadMs, long Tokens, uint Hash, Pass[] Single, Pass[] Batch);

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static WinnowResult MeasureWinnow(string dir, List<string> texts, int reps)
    {
        var sw = Stopwatch.StartNew();
        var tokenizer = Tokenizer.Load(dir);
        double loadMs = sw.Elapsed.TotalMilliseconds;
        long tokens = 0;
        uint hash = 2166136261;
        foreach (var t in texts)
        {
            var ids = tokenizer.Encode(t).Ids;
            tokens += ids.Length;
            foreach (int id in ids) hash = Fnv(hash, id);
        }
        var single = new Pass[reps];
        var batch = new Pass[reps];
        for (int r = 0; r < reps; r++)
        {
            var cpu = Cpu();
            sw.Restart();
            long n = 0;
            foreach (var t in texts) n += tokenizer.Encode(t).Count;
            single[r] = new Pass(sw.Elapsed.TotalSeconds, (Cpu() - cpu).TotalSeconds);
            if (n != tokens) throw new InvalidOperationException("non-deterministic token count");
            cpu = Cpu();
            sw.Restart();
            var encodings = tokenizer.EncodeBatch(texts);
            batch[r] = new Pass(sw.Elapsed.TotalSeconds, (Cpu() - cpu).TotalSeconds);
            if (encodings.Sum(e => (long)e.Count) != tokens) throw new InvalidOperationException("batch and single token counts differ");
        }
        return new WinnowResult(loadMs, tokens, hash, single, batch);
    }

    /// <summary>FNV-1a over the 4 little-endian bytes of each id (the node peer computes the same).</summary>
    private static uint Fnv(uint hash, int id)
    {
        for (int k = 0; k < 4; k++)
        {
            hash ^= (uint)(id >> (8 * k)) & 0xFF;
            hash *= 16777619;
        }
        return hash;
    }

    private static (double LoadMs, long Tokens, uint Hash, Pass[] Seconds)? MeasurePeer(string root, string dir, string textsFile, int reps)
    {
        string script = Path.Combine(root, "bench", "peers", "tokenizers", "encode_bench.mjs");
        var psi = new ProcessStartInfo("node")
        {
            ArgumentList = { script, dir, textsFile, reps.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                Console.Error.WriteLine($"node peer failed ({p.ExitCode}): {stderr.Result}");
                return null;
            }
            using var doc = JsonDocument.Parse(stdout);
            var r = doc.RootElement;
            return (r.GetProperty("load_ms").GetDouble(), r.GetProperty("tokens").GetInt64(), r.GetProperty("hash").GetUInt32(),
                [.. r.GetProperty("seconds").EnumerateArray().Zip(r.GetProperty("cpu_seconds").EnumerateArray(), (w, c) => new Pass(w.GetDouble(), c.GetDouble()))]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"cannot start node: {e.Message}");
            return null;
        }
    }

    private static string Row(string name, string impl, double loadMs, long tokens, long bytes, Pass[] passes, uint hash)
    {
        double wall = Median([.. passes.Select(p => p.Wall)]);
        double cpu = Median([.. passes.Select(p => p.Cpu)]);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {impl} | {loadMs:F0} | {tokens} | {wall:F2} ({passes.Min(p => p.Wall):F2}–{passes.Max(p => p.Wall):F2}) | {cpu:F2} | {tokens / wall / 1e6:F3} | {bytes / wall / 1e6:F2} | {bytes / cpu / 1e6:F2} | {hash:x8} |");
    }

    private static double Median(double[] values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string Report(int count, long bytes, int reps, int peerReps, List<string> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Tokenizer throughput");
        sb.AppendLine();
        sb.AppendLine(
            $"Written by `dotnet run -c Release --project bench/Winnow.Bench -- timing tokenizers` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
            $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, node peer in the same run.");
        sb.AppendLine();
        sb.AppendLine(
            $"Texts: the `output` fields of {string.Join(", ", DataFiles)} from ../shared/data ({count} texts, {bytes / 1e6:F2} MB UTF-8), " +
            $"add_special_tokens = true. Each Winnow figure is the median of {reps} passes after one warm-up pass, each transformers.js figure the median of {peerReps} (it is much slower); load time is the first load. " +
            "The machine is shared with other builds, so wall-clock figures are noisy (min–max shown); CPU seconds (process CPU time per pass, all threads) are the steadier figure. The hash is FNV-1a over all ids: equal hashes mean identical encodings.");
        sb.AppendLine();
        sb.AppendLine("| tokenizer | implementation | load ms | tokens | wall s per pass (min–max) | CPU s per pass | M tokens/s (wall) | MB/s (wall) | MB/s per CPU second | ids hash |");
        sb.AppendLine("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in rows) sb.AppendLine(r);
        return sb.ToString();
    }

    private static List<string> LoadTexts(string dataDir)
    {
        var texts = new List<string>();
        foreach (string file in DataFiles)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataDir, file)));
            foreach (var row in doc.RootElement.EnumerateArray())
                if (row.TryGetProperty("output", out var o) && o.GetString() is { Length: > 0 } s) texts.Add(s);
        }
        return texts;
    }

    private static string TokenizerDirectory(string shared, string name)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(shared, "fixtures", "tokenizers", "index.json")));
        return Path.Combine(shared, "fixtures", index.RootElement.GetProperty(name).GetProperty("tokenizer_dir").GetString()!);
    }

    private static string RepoRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Winnow.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("cannot find Winnow.slnx above the current or the program directory");
    }
}
