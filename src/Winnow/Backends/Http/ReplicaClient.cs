using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Winnow.Backends.Http;

/// <summary>
/// One server replica: an HttpClient whose handler retries transient failures (429 honouring Retry-After, 5xx, 408,
/// timeouts, connection errors, cut bodies) with exponential back-off and jitter through Microsoft.Extensions.Http.Resilience,
/// and a semaphore bounding the requests in flight.
/// </summary>
internal sealed class ReplicaClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly int _attempts;

    public ReplicaClient(Uri baseAddress, HttpBackendOptions options)
    {
        BaseAddress = baseAddress;
        _attempts = options.Retries + 1;
        _slots = new SemaphoreSlim(options.ConcurrencyPerReplica);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.Retries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(Math.Max(30, options.RetryDelay.TotalSeconds)),
                ShouldRetryAfterHeader = true,
            });
        }
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        var inner = new BufferingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _http = new HttpClient(new ResilienceHandler(builder.Build()) { InnerHandler = inner }, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (options.ApiKey() is { } key)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public Uri BaseAddress { get; }

    /// <summary>The retrying client, for a protocol library that sends its own requests (the judge's chat client) through <see cref="Run"/>.</summary>
    public HttpClient Http => _http;

    /// <summary>Attempts per request (retries + 1), for messages.</summary>
    public int Attempts => _attempts;

    /// <summary>Requests waiting for or holding a slot (the pool sends the next request to the least loaded replica).</summary>
    public int Load => Volatile.Read(ref _load);

    private int _load;

    /// <summary>POSTs JSON (or GETs when <paramref name="json"/> is null) and returns the 2xx body; see the exceptions for the rest.</summary>
    public Task<string> Send(string path, string? json, CancellationToken cancellationToken) =>
        Run(async () =>
        {
            using var request = new HttpRequestMessage(json is null ? HttpMethod.Get : HttpMethod.Post, path);
            if (json is not null)
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is 429 or 408 or >= 500)
                throw new ServerUnavailableException($"{BaseAddress}{path}: HTTP {status} after {_attempts} attempts: {ServerResponseException.Quote(body)}");
            if (!response.IsSuccessStatusCode)
                throw new ServerResponseException($"{BaseAddress}{path}: HTTP {status}: {ServerResponseException.Quote(body)}");
            return body;
        }, path, cancellationToken);

    /// <summary>
    /// Runs one request of <paramref name="call"/> inside a concurrency slot, counted in <see cref="Load"/>; a connection
    /// that failed through every retry becomes a <see cref="ServerUnavailableException"/> naming <paramref name="path"/>.
    /// </summary>
    public async Task<T> Run<T>(Func<Task<T>> call, string path, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _load);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call().ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new ServerUnavailableException($"{BaseAddress}{path}: no answer after {_attempts} attempts: {e.Message}", e);
        }
        finally
        {
            Interlocked.Decrement(ref _load);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }
}
