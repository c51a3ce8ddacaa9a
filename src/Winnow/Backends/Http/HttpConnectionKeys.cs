using Winnow.Components;

namespace Winnow.Backends.Http;

/// <summary>
/// The keys of a connection to OpenAI-compatible servers (<see cref="HttpBackendOptions.ParseConnection"/>), shared by
/// backend http and the llm-judge scorer, besides <c>server</c> itself, which each declares: optional for a scorer
/// that may run in process, required for the judge.
/// </summary>
[Param("api_key_env", ParamType.Text, "name of the environment variable holding the bearer key (the key is never a parameter, printed or recorded)", DefaultDoc = "no key")]
[Param("concurrency", ParamType.Int, "requests in flight per server replica", Default = "16", Min = 1)]
[Param("timeout_s", ParamType.Number, "seconds per request attempt", Default = "120", Min = 0, MinExclusive = true)]
[Param("retries", ParamType.Int, "retries of a failed request (429, 5xx, timeouts, resets)", Default = "6", Min = 0)]
[Param("retry_delay_ms", ParamType.Number, "base of the exponential back-off with jitter", Default = "500", Min = 0)]
[Param("served_model", ParamType.Text, "model name on the server", DefaultDoc = "the only model the server lists")]
public static class HttpConnectionKeys;
