using System.Globalization;
using Winnow.Models;
using Winnow.Models.Gguf;

namespace Winnow.Backends;

/// <summary>
/// <c>backend: auto</c>. First what the model is: a Hugging Face folder is read by the managed engine, a .gguf file by
/// llama.cpp; both engines are candidates when a folder holds exactly one .gguf file, or a .gguf file lies in a Hugging
/// Face folder (config.json + safetensors, as <c>winnow convert gguf DIR -o DIR/model.q8_0.gguf</c> leaves it). Then
/// memory: the managed engine holds every weight as float32, so it is ruled out when that exceeds 80 % of the memory
/// available to the process (a 7B model needs 28 GB). Then measured speed: each remaining candidate is opened in turn,
/// timed by the calibration and closed, and the faster is reopened (never two models in memory at once). The reason,
/// with the measured figures, is the backend's provenance and the CLI's announcement.
/// </summary>
public static class AutoBackend
{
    /// <summary>Share of the available memory the managed engine's float32 weights may take.</summary>
    public const double MemoryShare = 0.8;

    /// <summary>
    /// Chooses and opens. <paramref name="open"/> opens a candidate with a reason; <paramref name="tokensPerSecond"/>
    /// times an open backend; <paramref name="availableBytes"/> is the memory the process may use. Injected so the
    /// choice is testable without timing anything.
    /// </summary>
    public static IModelBackend Open(BackendOptions options, Func<EngineCandidate, string, IModelBackend> open,
        Func<IModelBackend, double> tokensPerSecond, long availableBytes)
    {
        var (candidates, what) = Candidates(options);
        if (candidates.Count == 1)
            return open(candidates[0], $"auto: {what}; only {candidates[0].Kind.Name()} reads it");
        var managed = candidates.Single(c => c.Kind == BackendKind.Managed);
        var gguf = candidates.Single(c => c.Kind == BackendKind.LlamaCpp);
        var needed = ManagedBytes(managed.Model);
        if (needed > MemoryShare * availableBytes)
            return open(gguf, $"auto: {what}; the managed engine would hold {Gb(needed)} of float32 weights, more than {MemoryShare:P0} of the {Gb(availableBytes)} available, so llama.cpp runs the {gguf.Weights} file");
        var speeds = new List<(EngineCandidate Candidate, double TokensPerSecond)>();
        IModelBackend? last = null;
        foreach (var candidate in candidates)
        {
            last?.Dispose();
            last = open(candidate, "auto: calibrating");
            speeds.Add((candidate, tokensPerSecond(last)));
        }
        var best = speeds.MaxBy(s => s.TokensPerSecond);
        var measured = string.Join(", ", speeds.Select(s => $"{s.Candidate.Describe()} {s.TokensPerSecond.ToString("F0", CultureInfo.InvariantCulture)} tokens/s"));
        var reason = $"auto: {what}; both engines can run it and {best.Candidate.Kind.Name()} measured faster ({measured}; {SpeedCalibrationName})";
        if (best.Candidate == speeds[^1].Candidate)
            return new CalibratedBackend(last!, reason);
        last!.Dispose();
        return open(best.Candidate, reason);
    }

    private const string SpeedCalibrationName = "4 × 128-token calibration";

    /// <summary>The engines that can read the model, and what the model is in words.</summary>
    public static (List<EngineCandidate> Candidates, string What) Candidates(BackendOptions options)
    {
        var model = options.Model;
        if (Directory.Exists(model))
        {
            var managed = new EngineCandidate(BackendKind.Managed, model, "float32 from safetensors");
            var ggufs = Directory.GetFiles(model, "*.gguf");
            return ggufs.Length == 1
                ? ([managed, LlamaCandidate(ggufs[0])], $"a Hugging Face folder with one GGUF file ({Path.GetFileName(ggufs[0])})")
                : ([managed], ggufs.Length == 0 ? "a Hugging Face folder" : $"a Hugging Face folder with {ggufs.Length} GGUF files (name one as model to consider llama.cpp)");
        }
        var gguf = LlamaCandidate(model);
        var folder = Path.GetDirectoryName(model)!;
        return IsHuggingFaceFolder(folder, options.TokenizerPath)
            ? ([new EngineCandidate(BackendKind.Managed, folder, "float32 from safetensors"), gguf], $"a {gguf.Weights} GGUF file in a Hugging Face folder")
            : ([gguf], $"a {gguf.Weights} GGUF file");
    }

    private static EngineCandidate LlamaCandidate(string path) => new(BackendKind.LlamaCpp, path, GgufFile.Read(path).Quantisation);

    /// <summary>What the managed engine needs: config.json, safetensors and a tokenizer (beside them or given).</summary>
    private static bool IsHuggingFaceFolder(string folder, string? tokenizer) =>
        File.Exists(Path.Combine(folder, "config.json")) && Directory.EnumerateFiles(folder, "*.safetensors").Any() &&
        (tokenizer is not null || File.Exists(Path.Combine(folder, "tokenizer.json")));

    /// <summary>Float32 bytes of the folder's weights: the safetensors files' sizes scaled by the stored element width.</summary>
    private static long ManagedBytes(string folder)
    {
        using var directory = ModelDirectory.Open(folder);
        var widen = directory.Config.String("torch_dtype") is "float16" or "bfloat16" ? 2 : 1;
        return directory.WeightFiles.Sum(f => new FileInfo(f).Length) * widen;
    }

    private static string Gb(long bytes) => (bytes / 1e9).ToString("F1", CultureInfo.InvariantCulture) + " GB";
}
