using System.Globalization;

namespace Winnow.Backends.Http;

/// <summary>
/// How the HTTP backend talks to its servers: the keys declared by <see cref="HttpBackendKeys"/> (with the component's
/// prefix). The bearer key itself is never a parameter, never printed, never recorded: only the name of the
/// environment variable holding it.
/// </summary>
public sealed record HttpBackendOptions(
    IReadOnlyList<Uri> Servers,
    string? ApiKeyVariable,
    int ConcurrencyPerReplica,
    TimeSpan AttemptTimeout,
    int Retries,
    TimeSpan RetryDelay,
    int TopK,
    string? ServedModel,
    int? MaxContext = null,
    bool TokenizerCheck = true)
{
    /// <summary>Reads the keys declared by <see cref="HttpBackendKeys"/> from parameters checked against them.</summary>
    public static HttpBackendOptions Parse(string owner, Parameters p, string prefix = "") =>
        ParseConnection(owner, p, prefix) with
        {
            TopK = p.GetInt(prefix + "top_k"),
            MaxContext = p.GetOptionalInt(prefix + "max_context"),
            TokenizerCheck = p.GetBool(prefix + "tokenizer_check"),
        };

    /// <summary>
    /// Reads only the connection keys (<see cref="HttpConnectionKeys"/>): for clients of the chat API, which use no
    /// top-k of completions, no context and no local tokenizer.
    /// </summary>
    public static HttpBackendOptions ParseConnection(string owner, Parameters p, string prefix = "")
    {
        var servers = (p.GetOptionalString(prefix + "server") ?? throw new ArgumentException($"{owner}: needs parameter '{prefix}server' (base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000; comma-separate replicas)"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => ParseUrl(owner, prefix + "server", s))
            .ToArray();
        if (servers.Length == 0)
            throw new ArgumentException($"{owner}: parameter '{prefix}server' names no URL");
        var options = new HttpBackendOptions(
            servers,
            p.GetOptionalString(prefix + "api_key_env"),
            p.GetInt(prefix + "concurrency"),
            TimeSpan.FromSeconds(p.GetDouble(prefix + "timeout_s")),
            p.GetInt(prefix + "retries"),
            TimeSpan.FromMilliseconds(p.GetDouble(prefix + "retry_delay_ms")),
            TopK: 0,
            p.GetOptionalString(prefix + "served_model"),
            TokenizerCheck: false);
        if (options.ApiKeyVariable is not null && Environment.GetEnvironmentVariable(options.ApiKeyVariable) is null)
            throw new ArgumentException($"{owner}: '{prefix}api_key_env' names the environment variable {options.ApiKeyVariable}, which is not set");
        return options;
    }

    /// <summary>The bearer key from <see cref="ApiKeyVariable"/>, or null: read when a client is built, never stored.</summary>
    public string? ApiKey() => ApiKeyVariable is null ? null : Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key : null;

    /// <summary>Settings recorded in provenance: everything that can change numbers or which rows fail, never the key.</summary>
    public Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["servers"] = Servers.Count.ToString(CultureInfo.InvariantCulture),
        ["top_k"] = TopK.ToString(CultureInfo.InvariantCulture),
    };

    private static Uri ParseUrl(string owner, string key, string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{owner}: parameter '{key}' has '{text}', expected an http:// or https:// base URL");
}
