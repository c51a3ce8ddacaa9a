using Winnow.Backends.LlamaCpp;
using Winnow.Backends.Managed;

namespace Winnow.Backends;

/// <summary>
/// Opens the backend a component asked for; <c>auto</c> is <see cref="AutoBackend"/> (what the model is, memory, then
/// a timed calibration when both engines can run it). The choice and its reason are recorded in the provenance and
/// announced through <see cref="Announce"/>.
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
            (BackendKind.Auto, _) => AutoBackend.Open(options, (candidate, reason) => Open(
                options with { Model = candidate.Model, Weights = candidate.Kind == BackendKind.Managed ? candidate.Format : null }, candidate.Kind, reason),
                SpeedCalibration.TokensPerSecond, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes),
            (BackendKind.Managed, _) => ManagedBackend.Load(options, "backend: managed was asked for"),
            (BackendKind.LlamaCpp, false) when options.Weights is not null => throw new ArgumentException(
                $"{options.Owner}: 'weights' sets how the managed engine holds a model; llama.cpp runs the GGUF file's own weights (convert with winnow convert gguf --type to change them)"),
            (BackendKind.LlamaCpp, false) => LlamaCppBackend.Open(options, "backend: llama.cpp was asked for"),
            (BackendKind.LlamaCpp, true) => throw new ArgumentException(
                $"{options.Owner}: llama.cpp reads GGUF files and '{options.Model}' is a folder; convert it first: winnow convert gguf \"{options.Model}\" -o model.gguf"),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        Announce?.Invoke($"{options.Owner}: {backend.Provenance.Backend} runs {backend.Provenance.Model} ({backend.Provenance.Reason})");
        return backend;
    }

    private static IModelBackend Open(BackendOptions options, BackendKind kind, string reason) =>
        kind == BackendKind.Managed ? ManagedBackend.Load(options, reason) : LlamaCppBackend.Open(options, reason);
}
