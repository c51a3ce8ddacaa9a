using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Winnow.Tests.Backends.Http;

/// <summary>
/// A loopback server whose answers on one POST path (/v1/completions unless told) come from a script (call number →
/// behaviour): recorded vLLM bodies, canned chat replies, errors, stalls, broken JSON, cut bodies. It counts the calls
/// it received, and lists one model, <see cref="ModelName"/>, on GET /v1/models.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private ScriptedServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int Calls => Volatile.Read(ref _calls);

    public const string ModelName = "scripted";

    public static async Task<ScriptedServer> Start(Func<HttpContext, int, Task> completions, string path = "/v1/completions")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedServer? server = null;
        app.MapPost(path, context => completions(context, Interlocked.Increment(ref server!._calls) - 1));
        app.MapGet("/v1/models", context => Json(context, 200, $"{{\"object\":\"list\",\"data\":[{{\"id\":\"{ModelName}\",\"object\":\"model\"}}]}}"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedServer(app, new Uri(address + "/"));
        return server;
    }

    /// <summary>Writes a JSON body with a status (and a Retry-After header when given).</summary>
    public static async Task Json(HttpContext context, int status, string body, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
            context.Response.Headers.RetryAfter = retryAfter;
        await context.Response.WriteAsync(body);
    }

    /// <summary>Announces a longer body than it sends, then drops the connection (a server dying mid-answer).</summary>
    public static async Task Truncated(HttpContext context, string body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.WriteAsync(body[..(body.Length / 2)]);
        await context.Response.Body.FlushAsync();
        context.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
