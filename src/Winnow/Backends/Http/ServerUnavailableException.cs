namespace Winnow.Backends.Http;

/// <summary>
/// A server stayed unreachable or overloaded through every retry (connection refused or reset, timeouts, 5xx, 429).
/// The run stops instead of recording rows as failed: nothing is wrong with the rows, and a re-run resumes them.
/// </summary>
public sealed class ServerUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
