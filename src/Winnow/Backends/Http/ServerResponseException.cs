namespace Winnow.Backends.Http;

/// <summary>
/// A server answered, but not with what the protocol promises (a 4xx, malformed or truncated JSON, fewer log-prob
/// entries than tokens). It fails the rows of the request with the server's words quoted.
/// </summary>
public sealed class ServerResponseException(string message) : Exception(message)
{
    /// <summary>The first characters of a body, for an error message that shows what came back.</summary>
    public static string Quote(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
