using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Winnow.Serve;

namespace Winnow.Tests.Serve;

/// <summary>A <c>winnow serve</c> over a fixture model on a free loopback port, stopped on dispose.</summary>
public sealed class ServedFixture : IAsyncDisposable
{
    private ServedFixture(WinnowServer server, ServedModel model)
    {
        Server = server;
        Model = model;
        Http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WinnowServer Server { get; }

    public ServedModel Model { get; }

    public HttpClient Http { get; }

    /// <summary>Starts on <paramref name="port"/> (0: a free one; a fixed one to restart a killed server where it was).</summary>
    public static async Task<ServedFixture> Start(string fixture, ServeOptions? options = null, int port = 0)
    {
        var model = ServedModel.Load(TestPaths.Fixture(fixture), null);
        var server = await WinnowServer.Start(model, (options ?? new ServeOptions()) with { Port = port }, CancellationToken.None);
        Assert.Equal("127.0.0.1", server.Address.Host);
        return new ServedFixture(server, model);
    }

    public async Task<(int Status, JsonNode? Body)> Post(string path, JsonObject request)
    {
        using var response = await Http.PostAsJsonAsync(path, request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
