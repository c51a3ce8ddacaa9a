using Winnow.Components;

namespace Winnow.Backends.Http;

/// <summary>The keys <see cref="HttpBackendOptions.Parse"/> reads (used with backend http only).</summary>
[Param("server", ParamType.Text, "backend http: base URL of an OpenAI-compatible server; comma-separate replicas of the same model", DefaultDoc = "none; required with backend http")]
[Param("api_key_env", ParamType.Text, "backend http: name of the environment variable holding the bearer key (the key is never a parameter, printed or recorded)", DefaultDoc = "no key")]
[Param("concurrency", ParamType.Int, "backend http: requests in flight per replica", Default = "16", Min = 1)]
[Param("timeout_s", ParamType.Number, "backend http: seconds per attempt", Default = "120", Min = 0, MinExclusive = true)]
[Param("retries", ParamType.Int, "backend http: retries of a failed request", Default = "6", Min = 0)]
[Param("retry_delay_ms", ParamType.Number, "backend http: base of the exponential back-off with jitter", Default = "500", Min = 0)]
[Param("top_k", ParamType.Int, "backend http: the server's largest logprobs count", Default = "20", Min = 0)]
[Param("served_model", ParamType.Text, "backend http: model name on the server", DefaultDoc = "the only model the server lists")]
[Param("max_context", ParamType.Int, "backend http: context length, for servers whose /v1/models does not report max_model_len", DefaultDoc = "what the server reports", Min = 2)]
[Param("tokenizer_check", ParamType.Bool, "backend http: the local tokenizer must match the server's /tokenize", Default = "true")]
public static class HttpBackendKeys;
