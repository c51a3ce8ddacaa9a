namespace Winnow.Backends;

/// <summary>
/// How a component asks for its language model. Parameters (all with the component's prefix, e.g. <c>complexity_</c>):
/// <c>model</c> (required: a Hugging Face folder or a <c>.gguf</c> file), <c>backend</c> auto|managed|llama.cpp (auto),
/// <c>tokenizer</c> (a tokenizer.json or its folder; default the one beside the model), <c>precision</c> exact|fast
/// (llama.cpp; default exact for f32/f16 files, fast for quantised ones), <c>gpu_layers</c> (llama.cpp layers to
/// offload, default 0), <c>threads</c> (default: every core). With <c>backend: http</c> the model runs on a server
/// (<see cref="Http.HttpBackendOptions"/> lists its keys) and <c>model</c> names the local folder of its tokenizer.json.
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
