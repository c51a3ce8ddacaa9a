namespace Winnow.Backends;

/// <summary>Which engine runs a model: <c>auto</c> decides from the model file and measured speed.</summary>
public enum BackendKind
{
    Auto,
    Managed,
    LlamaCpp,

    /// <summary>An OpenAI-compatible inference server (vLLM, <c>winnow serve</c>) reached over HTTP.</summary>
    Http,
}

/// <summary>Recipe names of <see cref="BackendKind"/>.</summary>
public static class BackendKindNames
{
    public static BackendKind Parse(string owner, string key, string text) => text switch
    {
        "auto" => BackendKind.Auto,
        "managed" => BackendKind.Managed,
        "llama.cpp" => BackendKind.LlamaCpp,
        "http" => BackendKind.Http,
        _ => throw new ArgumentException($"{owner}: parameter '{key}' is '{text}', expected auto, managed, llama.cpp or http"),
    };

    public static string Name(this BackendKind kind) => kind switch
    {
        BackendKind.Managed => "managed",
        BackendKind.LlamaCpp => "llama.cpp",
        BackendKind.Http => "http",
        _ => "auto",
    };
}
