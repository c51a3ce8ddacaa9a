using System.Net;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Winnow.Serve;

/// <summary>
/// <c>winnow serve</c>: an OpenAI/vLLM-compatible HTTP server (Kestrel, minimal APIs) over an in-process model.
/// Binds loopback unless told otherwise; refuses oversized bodies (413), over-limit fields (400) and, past the
/// concurrency limit and its queue, answers 429 with Retry-After. Concurrent requests share forward passes through
/// the <see cref="ForwardQueue"/>.
/// </summary>
public sealed class WinnowServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ForwardQueue _queue;

    private WinnowServer(WebApplication app, ForwardQueue queue, Uri address)
    {
        _app = app;
        _queue = queue;
        Address = address;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:8000/ (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public long ForwardPasses => _queue.Passes;

    public long Sequences => _queue.Sequences;

    public static async Task<WinnowServer> Start(ServedModel served, ServeOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        if (!IPAddress.TryParse(options.Host, out var ip))
            throw new ArgumentException($"--host '{options.Host}' is not an IP address (use 127.0.0.1 for loopback, 0.0.0.0 for every interface)");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // On stop, requests in flight get a short grace period; a scoring client retries whatever was cut.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(ip, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("server", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = options.MaxConcurrentRequests,
                QueueLimit = options.MaxQueuedRequests,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, token) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Error(new ApiException(429, $"more than {options.MaxConcurrentRequests} requests in flight and {options.MaxQueuedRequests} queued (--max-concurrency, --max-queue); retry later"))
                    .ExecuteAsync(context.HttpContext));
            };
        });
        var app = builder.Build();
        app.UseRateLimiter();
        var queue = new ForwardQueue(served.Model, options);
        Map(app, served, queue, options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WinnowServer(app, queue, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    public Task WaitForShutdown(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _queue.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, ServedModel served, ForwardQueue queue, ServeOptions options)
    {
        var completions = new CompletionsEndpoint(served, queue, options);
        var chat = new ChatEndpoint(served, queue, options);
        var embeddings = new EmbeddingsEndpoint(served, queue, options);
        var tokenizer = new TokenizerEndpoints(served);
        app.MapPost("/v1/completions", (HttpRequest r, CancellationToken ct) => Guard(() => completions.Handle(r, ct)));
        app.MapPost("/v1/chat/completions", (HttpRequest r, CancellationToken ct) => Guard(() => chat.Handle(r, ct)));
        app.MapPost("/v1/embeddings", (HttpRequest r, CancellationToken ct) => Guard(() => embeddings.Handle(r, ct)));
        app.MapPost("/tokenize", (HttpRequest r, CancellationToken ct) => Guard(() => tokenizer.Tokenize(r, ct)));
        app.MapPost("/detokenize", (HttpRequest r, CancellationToken ct) => Guard(() => tokenizer.Detokenize(r, ct)));
        app.MapGet("/health", () => Results.Ok());
        app.MapGet("/v1/models", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = served.Name,
                ["object"] = "model",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["owned_by"] = "winnow",
                ["root"] = served.Name,
                ["max_model_len"] = served.MaxContext,
            }),
        }));
        app.MapGet("/stats", () => Results.Json(new JsonObject
        {
            ["forward_passes"] = queue.Passes,
            ["sequences"] = queue.Sequences,
        }));
    }

    private static async Task<IResult> Guard(Func<Task<IResult>> handle)
    {
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            return Error(e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return Error(new ApiException(500, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>OpenAI's error shape: {"error": {"message", "type", "param", "code"}}.</summary>
    private static IResult Error(ApiException e) => Results.Json(new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["message"] = e.Message,
            ["type"] = e.Status == 429 ? "rate_limit_error" : e.Status >= 500 ? "server_error" : "invalid_request_error",
            ["param"] = e.Param,
            ["code"] = e.Status,
        },
    }, statusCode: e.Status);
}
