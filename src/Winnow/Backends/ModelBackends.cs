using Winnow.Backends.LlamaCpp;
using Winnow.Backends.Managed;

namespace Winnow.Backends;

/// <summary>
/// Opens the backend a component asked for. <c>auto</c> decides by what the model is and by measured speed: a Hugging
/// Face folder runs on the managed engine, which reads it as is and measured faster than llama.cpp at F32 on this
/// class of CPU (issue 11's figures: managed ≈ 640–780 tokens/s, llama.cpp F32 ≈ 230–370 on a GPT-2-small-compute
/// shape, 2 threads); a .gguf file runs on llama.cpp, the only engine here that reads GGUF (its quantised weights are
/// what make a 7B model fit in memory). The reason is recorded in the provenance and announced through
/// <see cref="Announce"/>.
/// </summary>
public static class ModelBackends
{
    /// <summary>Receives one line per opened backend: which engine runs which model, and why (the CLI prints it).</summary>
    public static event Action<string>? Announce;

    public static IModelBackend Open(BackendOptions options)
    {
        if (options.Kind == BackendKind.Http)
        {
            var remote = Http.HttpBackend.Open(options);
            Announce?.Invoke($"{options.Owner}: {remote.Provenance.Backend} serves {remote.Provenance.Model} ({remote.Provenance.Reason})");
            return remote;
        }
        var isFolder = Directory.Exists(options.Model);
        if (!isFolder && !File.Exists(options.Model))
            throw new ArgumentException($"{options.Owner}: model '{options.Model}' does not exist (expected a Hugging Face folder or a .gguf file)");
        IModelBackend backend = (options.Kind, isFolder) switch
        {
            (BackendKind.Auto, true) => ManagedBackend.Load(options,
                "auto: a Hugging Face folder; the managed engine reads it as is and is faster than llama.cpp at F32"),
            (BackendKind.Managed, true) => ManagedBackend.Load(options, "backend: managed was asked for"),
            (BackendKind.Auto, false) => LlamaCppBackend.Open(options, "auto: a GGUF file; llama.cpp is the engine that reads GGUF"),
            (BackendKind.LlamaCpp, false) => LlamaCppBackend.Open(options, "backend: llama.cpp was asked for"),
            (BackendKind.Managed, false) => throw new ArgumentException(
                $"{options.Owner}: '{options.Model}' is a file; the managed engine reads Hugging Face folders (config.json, safetensors, tokenizer.json); use backend: llama.cpp for .gguf"),
            (BackendKind.LlamaCpp, true) => throw new ArgumentException(
                $"{options.Owner}: llama.cpp reads GGUF files and '{options.Model}' is a folder; convert it first: winnow convert gguf \"{options.Model}\" -o model.gguf"),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        Announce?.Invoke($"{options.Owner}: {backend.Provenance.Backend} runs {backend.Provenance.Model} ({backend.Provenance.Reason})");
        return backend;
    }
}
