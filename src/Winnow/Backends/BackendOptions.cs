namespace Winnow.Backends;

/// <summary>
/// How a component asks for its language model: the model (a Hugging Face folder or a <c>.gguf</c> file; with
/// <c>backend: http</c> the local folder of the served model's tokenizer.json) and the keys declared by
/// <see cref="BackendKeys"/>, all with the component's prefix (e.g. <c>complexity_</c>).
/// </summary>
public sealed record BackendOptions(
    string Owner,
    string Model,
    BackendKind Kind,
    string? TokenizerPath,
    BackendPrecision? Precision,
    int GpuLayers,
    int Threads,
    Backends.Http.HttpBackendOptions? Http = null)
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
        var http = kind == BackendKind.Http ? Backends.Http.HttpBackendOptions.Parse(owner, p, prefix) : null;
        return new BackendOptions(owner, Path.GetFullPath(model), kind, p.GetOptionalString(prefix + "tokenizer"), precision, gpuLayers, threads, http);
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
