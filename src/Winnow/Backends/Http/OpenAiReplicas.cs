using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;

namespace Winnow.Backends.Http;

/// <summary>
/// One official-OpenAI-library client (chat, embeddings) per replica of a served model: each pointed at its replica's
/// <c>/v1</c> with the replica's retrying HttpClient as transport and the library's own retries off, so every request
/// is retried in one place (the replica's resilience handler). <see cref="Run"/> sends a call to the least-loaded
/// replica within its concurrency slots and sorts its failures: what persists at the transport level (0, 408, 429,
/// 5xx after the retries) is a <see cref="ServerUnavailableException"/> that stops the run for a resume; a refused
/// request (4xx) or an answer the library cannot read is a <see cref="ServerResponseException"/> quoting the server.
/// </summary>
internal sealed class OpenAiReplicas<TClient> : IDisposable
{
    private readonly ReplicaPool _pool;
    private readonly Dictionary<ReplicaClient, TClient> _clients;

    private OpenAiReplicas(ReplicaPool pool, Dictionary<ReplicaClient, TClient> clients, string model)
    {
        _pool = pool;
        _clients = clients;
        Model = model;
    }

    /// <summary>The served model every replica lists (the wanted one, or the only one).</summary>
    public string Model { get; }

    /// <summary>Connects to every replica, reads the served model from /v1/models, and builds a client per replica.</summary>
    public static OpenAiReplicas<TClient> Open(HttpBackendOptions options, Func<string, ApiKeyCredential, OpenAIClientOptions, TClient> create)
    {
        var pool = new ReplicaPool(options);
        try
        {
            var (model, _) = ServerProbe.Models(pool, options.ServedModel, CancellationToken.None).GetAwaiter().GetResult();
            // The library requires a key; servers without authentication ignore the placeholder.
            var credential = new ApiKeyCredential(options.ApiKey() ?? "no-key");
            var clients = pool.Replicas.ToDictionary(r => r, r => create(model, credential, new OpenAIClientOptions
            {
                Endpoint = new Uri(r.BaseAddress, "v1"),
                Transport = new HttpClientPipelineTransport(r.Http),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            }));
            return new OpenAiReplicas<TClient>(pool, clients, model);
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="call"/> (given the client and the endpoint's URL, for messages) on the least-loaded replica.</summary>
    public Task<T> Run<T>(string path, Func<TClient, string, Task<T>> call, CancellationToken cancellationToken)
    {
        var replica = _pool.Pick();
        var where = replica.BaseAddress + path;
        return replica.Run(async () =>
        {
            try
            {
                return await call(_clients[replica], where).ConfigureAwait(false);
            }
            catch (ClientResultException e) when (e.Status is 0 or 408 or 429 or >= 500)
            {
                throw new ServerUnavailableException($"{where}: {(e.Status == 0 ? "no answer" : $"HTTP {e.Status}")} after {replica.Attempts} attempts: {ServerResponseException.Quote(e.Message)}", e);
            }
            catch (ClientResultException e)
            {
                throw new ServerResponseException($"{where}: HTTP {e.Status}: {ServerResponseException.Quote(e.Message)}");
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new ServerResponseException($"{where}: not an OpenAI answer ({e.Message})");
            }
        }, path, cancellationToken);
    }

    public void Dispose() => _pool.Dispose();
}
