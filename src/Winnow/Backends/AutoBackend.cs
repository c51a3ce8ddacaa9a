using System.Globalization;
using Winnow.Models;
using Winnow.Models.Gguf;

namespace Winnow.Backends;

/// <summary>
/// <c>backend: auto</c>. First what the model is: a Hugging Face folder is read by the managed engine (float32), a
/// .gguf file by llama.cpp, and a q8_0 GGUF file also by the managed engine's Q8_0 path when a tokenizer.json is beside
/// it or given; a folder holding exactly one .gguf file, or a .gguf file in a Hugging Face folder, offers all of these.
/// Then memory: a candidate whose weights exceed 80 % of the memory available to the process is ruled out (a 7B model
/// needs 28 GB as float32); a lone Hugging Face folder too large for float32 is quantised to Q8_0 at load instead.
/// Then measured speed: each remaining candidate is opened in turn, timed by the calibration and closed, and the chosen
/// one is reopened (never two models in memory at once): the fastest, unless one holding less memory is within
/// <see cref="SpeedTolerance"/> of it, which then wins. A <c>weights</c> setting asks for the managed engine in that
/// format. The reason, with the measured figures, is the backend's provenance and the CLI's announcement.
/// </summary>
public static class AutoBackend
{
    /// <summary>Share of the available memory a candidate's weights may take.</summary>
    public const double MemoryShare = 0.8;

    /// <summary>A candidate this much slower than the fastest still wins when it holds less memory.</summary>
    public const double SpeedTolerance = 0.10;

    /// <summary>
    /// Chooses and opens. <paramref name="open"/> opens a candidate with a reason; <paramref name="tokensPerSecond"/>
    /// times an open backend; <paramref name="availableBytes"/> is the memory the process may use. Injected so the
    /// choice is testable without timing anything.
    /// </summary>
    public static IModelBackend Open(BackendOptions options, Func<EngineCandidate, string, IModelBackend> open,
        Func<IModelBackend, double> tokensPerSecond, long availableBytes)
    {
        var (candidates, what) = Candidates(options);
        var limit = MemoryShare * availableBytes;
        // Quantising a lone folder at load changes its numbers, so it is offered only when float32 does not fit.
        if (candidates.Any(c => c.Format == WeightFormat.Float32 && c.Kind == BackendKind.Managed && c.Bytes <= limit))
            candidates.RemoveAll(c => c.Weights == QuantisedAtLoad && options.Weights is null);
        if (candidates.Count == 1)
            return open(candidates[0], $"auto: {what}; only {Only(candidates[0], options)} reads it");
        var fitting = candidates.Where(c => c.Bytes <= limit).ToList();
        var floatManaged = candidates.FirstOrDefault(c => c.Kind == BackendKind.Managed && c.Format == WeightFormat.Float32);
        var tooBig = floatManaged is not null && floatManaged.Bytes > limit
            ? $"the managed engine would hold {Gb(floatManaged.Bytes)} of float32 weights and their packed copy, more than {MemoryShare.ToString("P0", CultureInfo.InvariantCulture)} of the {Gb(availableBytes)} available"
            : null;
        if (fitting.Count == 0)
        {
            var smallest = candidates.MinBy(c => c.Bytes)!;
            return open(smallest, $"auto: {what}; no candidate's weights fit in {MemoryShare.ToString("P0", CultureInfo.InvariantCulture)} of the {Gb(availableBytes)} available, so {smallest.Describe()} runs it, holding the least ({smallest.Memory})");
        }
        if (fitting.Count == 1)
        {
            var only = fitting[0];
            var so = only.Kind == BackendKind.LlamaCpp ? $"so llama.cpp runs the {only.Weights} file" : $"so {only.Describe()} runs it ({only.Memory})";
            return open(only, $"auto: {what}; {tooBig ?? "only one candidate fits in memory"}, {so}");
        }
        var speeds = new List<(EngineCandidate Candidate, double TokensPerSecond)>();
        IModelBackend? last = null;
        foreach (var candidate in fitting)
        {
            last?.Dispose();
            last = open(candidate, "auto: calibrating");
            speeds.Add((candidate, tokensPerSecond(last)));
        }
        var fastest = speeds.MaxBy(s => s.TokensPerSecond);
        var best = speeds.Where(s => s.TokensPerSecond >= (1 - SpeedTolerance) * fastest.TokensPerSecond).MinBy(s => s.Candidate.Bytes);
        var measured = string.Join(", ", speeds.Select(s => $"{s.Candidate.Describe()} {s.TokensPerSecond.ToString("F0", CultureInfo.InvariantCulture)} tokens/s at {s.Candidate.Memory}"));
        var verdict = best.Candidate == fastest.Candidate
            ? $"{best.Candidate.Describe()} measured fastest"
            : $"{best.Candidate.Describe()} holds the least memory within {SpeedTolerance.ToString("P0", CultureInfo.InvariantCulture)} of the fastest";
        var ways = fitting.Select(c => c.Kind).Distinct().Count() > 1 ? "both engines can run it" : $"{fitting.Count} ways can run it";
        var reason = $"auto: {what}; {(tooBig is null ? "" : tooBig + "; ")}{ways} and {verdict} ({measured}; {SpeedCalibrationName})";
        if (best.Candidate == speeds[^1].Candidate)
            return new CalibratedBackend(last!, reason);
        last!.Dispose();
        return open(best.Candidate, reason);
    }

    private const string SpeedCalibrationName = "4 × 128-token calibration";

    private static string Only(EngineCandidate candidate, BackendOptions options) =>
        options.Weights is not null || candidate.Format == WeightFormat.Q8_0 ? candidate.Describe() : candidate.Kind.Name();

    /// <summary>The ways the model can be run, with their weights' bytes, and what the model is in words.</summary>
    public static (List<EngineCandidate> Candidates, string What) Candidates(BackendOptions options)
    {
        var model = options.Model;
        string? folder, gguf;
        string what;
        if (Directory.Exists(model))
        {
            folder = model;
            var ggufs = Directory.GetFiles(model, "*.gguf");
            gguf = ggufs.Length == 1 ? ggufs[0] : null;
            what = ggufs.Length switch
            {
                0 => "a Hugging Face folder",
                1 => $"a Hugging Face folder with one GGUF file ({Path.GetFileName(ggufs[0])})",
                _ => $"a Hugging Face folder with {ggufs.Length} GGUF files (name one as model to consider llama.cpp)",
            };
        }
        else
        {
            gguf = model;
            var beside = Path.GetDirectoryName(model)!;
            folder = IsHuggingFaceFolder(beside, options.TokenizerPath) ? beside : null;
            what = $"a {GgufFile.Read(model).Quantisation} GGUF file{(folder is null ? "" : " in a Hugging Face folder")}";
        }
        var candidates = new List<EngineCandidate>();
        var file = gguf is null ? null : GgufFile.Read(gguf);
        var floatBytes = folder is null ? 0 : ManagedBytes(folder);
        var floatHeld = floatBytes * Float32Copies;
        var managedReadsGguf = file is not null && file.Architecture is "llama" or "qwen2" or "gpt2" && HasTokenizer(gguf!, options.TokenizerPath);
        if (options.Weights == WeightFormat.Float32)
        {
            candidates.Add(folder is not null ? new EngineCandidate(BackendKind.Managed, folder, "float32 from safetensors", WeightFormat.Float32, floatHeld)
                : new EngineCandidate(BackendKind.Managed, gguf!, "float32 widened from the GGUF file", WeightFormat.Float32, WidenedBytes(file!, WeightFormat.Float32) * Float32Copies));
            return (candidates, what);
        }
        var q8FromFile = managedReadsGguf && file!.Quantisation == "q8_0"
            ? new EngineCandidate(BackendKind.Managed, gguf!, "q8_0 from the GGUF file", WeightFormat.Q8_0, WidenedBytes(file, WeightFormat.Q8_0))
            : null;
        var q8AtLoad = folder is null ? null
            : new EngineCandidate(BackendKind.Managed, folder, QuantisedAtLoad, WeightFormat.Q8_0, (long)(floatBytes * Q8BytesPerFloat32Byte));
        if (options.Weights == WeightFormat.Q8_0)
        {
            candidates.Add(q8FromFile ?? q8AtLoad ?? throw new ArgumentException(
                $"{options.Owner}: weights: q8_0 needs a q8_0 GGUF file with a tokenizer.json beside it (or given), or a Hugging Face folder; '{model}' is neither"));
            return (candidates, what);
        }
        if (folder is not null)
            candidates.Add(new EngineCandidate(BackendKind.Managed, folder, "float32 from safetensors", WeightFormat.Float32, floatHeld));
        if (q8FromFile is not null)
            candidates.Add(q8FromFile);
        if (file is not null)
            candidates.Add(new EngineCandidate(BackendKind.LlamaCpp, gguf!, file.Quantisation, WeightFormat.Float32, new FileInfo(gguf!).Length));
        else if (q8AtLoad is not null)
            candidates.Add(q8AtLoad);
        return (candidates, what);
    }

    private const string QuantisedAtLoad = "q8_0 quantised at load";

    /// <summary>
    /// The managed engine keeps each float32 weight and its GEMM-packed copy (<see cref="Models.Compute.LinearLayer.Packed"/>),
    /// so it holds twice the weights' float32 bytes: 9.2 GB of anonymous memory for 4.4 GB of weights was measured on the
    /// 1.1B bench shape. The Q8_0 path keeps no second copy.
    /// </summary>
    private const long Float32Copies = 2;

    /// <summary>Q8_0 in the managed engine holds 1.25 bytes per weight (int8, float scale and correction per 32) against 4.</summary>
    private const double Q8BytesPerFloat32Byte = 1.25 / 4;

    /// <summary>What the managed engine needs: config.json, safetensors and a tokenizer (beside them or given).</summary>
    private static bool IsHuggingFaceFolder(string folder, string? tokenizer) =>
        File.Exists(Path.Combine(folder, "config.json")) && Directory.EnumerateFiles(folder, "*.safetensors").Any() &&
        (tokenizer is not null || File.Exists(Path.Combine(folder, "tokenizer.json")));

    private static bool HasTokenizer(string gguf, string? tokenizer) =>
        tokenizer is not null || File.Exists(Path.Combine(Path.GetDirectoryName(gguf)!, "tokenizer.json"));

    /// <summary>Float32 bytes of the folder's weights: the safetensors files' sizes scaled by the stored element width.</summary>
    private static long ManagedBytes(string folder)
    {
        using var directory = ModelDirectory.Open(folder);
        var widen = directory.Config.String("torch_dtype") is "float16" or "bfloat16" ? 2 : 1;
        return directory.WeightFiles.Sum(f => new FileInfo(f).Length) * widen;
    }

    /// <summary>Bytes the managed engine holds for a GGUF file's tensors: Q8_0 kept (1.25 bytes a weight), others float32.</summary>
    private static long WidenedBytes(GgufFile file, WeightFormat format) =>
        file.Tensors.Sum(t => t.Type == GgmlType.Q8_0 && format == WeightFormat.Q8_0
            ? (long)(t.Bytes / 34.0 * 40)
            : t.Dims.Aggregate(1L, (a, b) => a * b) * 4);

    private static string Gb(long bytes) => (bytes / 1e9).ToString("F1", CultureInfo.InvariantCulture) + " GB";
}
