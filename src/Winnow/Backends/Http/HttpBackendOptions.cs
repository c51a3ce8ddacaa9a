using System.Globalization;

namespace Winnow.Backends.Http;

/// <summary>
/// How the HTTP backend talks to its servers. Parameters (with the component's prefix): <c>server</c> (required with
/// backend http: one base URL, or several separated by commas — replicas of the same model), <c>api_key_env</c>
/// (name of the environment variable holding the bearer key; the key itself is never a parameter, never printed,
/// never recorded), <c>concurrency</c> (requests in flight per replica, 16), <c>timeout_s</c> (per attempt, 120),
/// <c>retries</c> (6), <c>retry_delay_ms</c> (base of the exponential back-off with jitter, 500), <c>top_k</c> (the
/// server's largest logprobs, 20; Deita reads its six digits from the top-k when they are all inside),
/// <c>served_model</c> (default: the only model the server lists), <c>max_context</c> (for servers whose /v1/models does
/// not report max_model_len), <c>tokenizer_check</c> (true: the local tokenizer must match the server's /tokenize).
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
    public static HttpBackendOptions Parse(string owner, Parameters p, string prefix = "")
    {
        var servers = (p.GetOptionalString(prefix + "server") ?? throw new ArgumentException($"{owner}: backend http needs parameter '{prefix}server' (base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000; comma-separate replicas)"))
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
            p.GetInt(prefix + "top_k"),
            p.GetOptionalString(prefix + "served_model"),
            p.GetOptionalInt(prefix + "max_context"),
            p.GetBool(prefix + "tokenizer_check"));
        if (options.ApiKeyVariable is not null && Environment.GetEnvironmentVariable(options.ApiKeyVariable) is null)
            throw new ArgumentException($"{owner}: '{prefix}api_key_env' names the environment variable {options.ApiKeyVariable}, which is not set");
        return options;
    }

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
