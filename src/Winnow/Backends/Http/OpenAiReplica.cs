using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;

namespace Winnow.Backends.Http;

/// <summary>
/// The official OpenAI library pointed at one replica: its base URL (<c>/v1</c>), its retrying HttpClient as the
/// transport and the library's own retries off, so every request is retried in one place (the replica's resilience
/// handler). <see cref="Run"/> sends one call within the replica's concurrency slots and sorts its failures: what
/// persists at the transport level (0, 408, 429, 5xx after the retries) is a <see cref="ServerUnavailableException"/>
/// that stops the run for a resume; a refused request (4xx) or an answer the library cannot read is a
/// <see cref="ServerResponseException"/> quoting the server.
/// </summary>
internal static class OpenAiReplica
{
    public static OpenAIClientOptions Options(ReplicaClient replica) => new()
    {
        Endpoint = new Uri(replica.BaseAddress, "v1"),
        Transport = new HttpClientPipelineTransport(replica.Http),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The bearer key, or a placeholder that servers without authentication ignore (the library requires one).</summary>
    public static ApiKeyCredential Credential(HttpBackendOptions options) => new(options.ApiKey() ?? "no-key");

    public static Task<T> Run<T>(ReplicaClient replica, string path, Func<Task<T>> call, CancellationToken cancellationToken) =>
        replica.Run(async () =>
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (ClientResultException e) when (e.Status is 0 or 408 or 429 or >= 500)
            {
                throw new ServerUnavailableException($"{replica.BaseAddress}{path}: {(e.Status == 0 ? "no answer" : $"HTTP {e.Status}")} after {replica.Attempts} attempts: {ServerResponseException.Quote(e.Message)}", e);
            }
            catch (ClientResultException e)
            {
                throw new ServerResponseException($"{replica.BaseAddress}{path}: HTTP {e.Status}: {ServerResponseException.Quote(e.Message)}");
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new ServerResponseException($"{replica.BaseAddress}{path}: not an OpenAI answer ({e.Message})");
            }
        }, path, cancellationToken);
}
