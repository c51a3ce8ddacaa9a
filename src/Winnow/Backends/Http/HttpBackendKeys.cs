using Winnow.Components;

namespace Winnow.Backends.Http;

/// <summary>The keys <see cref="HttpBackendOptions.Parse"/> reads (used with backend http only): the server, the connection, then the completions scorers' own.</summary>
[ParamGroup(typeof(HttpServerKey))]
[ParamGroup(typeof(HttpConnectionKeys))]
[Param("top_k", ParamType.Int, "backend http: the server's largest logprobs count", Default = "20", Min = 0)]
[Param("max_context", ParamType.Int, "backend http: context length, for servers whose /v1/models does not report max_model_len", DefaultDoc = "what the server reports", Min = 2)]
[Param("tokenizer_check", ParamType.Bool, "backend http: the local tokenizer must match the server's /tokenize", Default = "true")]
public static class HttpBackendKeys;
