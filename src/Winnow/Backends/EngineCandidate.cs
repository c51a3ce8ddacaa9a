namespace Winnow.Backends;

/// <summary>
/// One way <c>backend: auto</c> could run a model: an engine and the path it reads (the Hugging Face folder for the
/// managed engine, the .gguf file for llama.cpp), with the weights' type for the reason line.
/// </summary>
public sealed record EngineCandidate(BackendKind Kind, string Model, string Weights)
{
    public string Describe() => $"{Kind.Name()} ({Weights})";
}
