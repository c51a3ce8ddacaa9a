using Winnow.Components;

namespace Winnow.Backends.Http;

/// <summary>The server key of backend http: optional, since the same scorers run in process without it.</summary>
[Param("server", ParamType.Text, "backend http: base URL of an OpenAI-compatible server; comma-separate replicas of the same model", DefaultDoc = "none; required with backend http")]
public static class HttpServerKey;
