using Winnow.Models;

namespace Winnow.Backends;

/// <summary>
/// How a component asks for its language model: the model (a Hugging Face folder or a <c>.gguf</c> file; with
/// <c>backend: http</c> the local folder of the served model's tokenizer.json) and the keys declared by
/// <see cref="BackendKeys"/>, all with the component's prefix (e.g. <c>complexity_</c>). <see cref="Weights"/> is the
/// managed engine's weight format when one was asked for (null: as the model stores them, or as <c>auto</c> decides).
/// </summary>
public sealed record BackendOptions(
    string Owner,
    string Model,
    BackendKind Kind,
    string? TokenizerPath,
    BackendPrecision? Precision,
    int GpuLayers,
    int Threads,
    Backends.Http.HttpBackendOptions? Http = null,
    WeightFormat? Weights = null)
{
    /// <summary>Reads the keys declared by <see cref="BackendKeys"/> (and the model) from parameters checked against them.</summary>
    public static BackendOptions Parse(string owner, Parameters p, string prefix = "")
    {
        var model = p.GetString(prefix + "model");
        var kind = BackendKindNames.Parse(owner, prefix + "backend", p.GetString(prefix + "backend"));
        BackendPrecision? precision = p.GetOptionalString(prefix + "precision") switch
        {
            null => null,
            "fast" => BackendPrecision.Fast,
            _ => BackendPrecision.Exact,
        };
        var gpuLayers = p.GetInt(prefix + "gpu_layers");
        var threads = p.GetOptionalInt(prefix + "threads") ?? Environment.ProcessorCount;
        WeightFormat? weights = p.GetOptionalString(prefix + "weights") switch
        {
            null => null,
            "q8_0" => WeightFormat.Q8_0,
            _ => WeightFormat.Float32,
        };
        var http = kind == BackendKind.Http ? Backends.Http.HttpBackendOptions.Parse(owner, p, prefix) : null;
        return new BackendOptions(owner, Path.GetFullPath(model), kind, p.GetOptionalString(prefix + "tokenizer"), precision, gpuLayers, threads, http, weights);
    }
}

/// <summary>
/// <c>exact</c>: numbers as close to the float32 reference as the engine can (llama.cpp: F32 KV cache, no flash
/// attention); <c>fast</c>: the engine's defaults (llama.cpp: F16 KV cache, flash attention where it helps).
/// </summary>
public enum BackendPrecision
{
    Exact,
    Fast,
}
