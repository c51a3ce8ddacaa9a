namespace Winnow.Tests.Serve;

/// <summary>One gpt2-tiny server (default limits) shared by a test class, started on first use so that classes skip cleanly without ../shared.</summary>
public sealed class SharedGpt2Server : IAsyncDisposable
{
    private readonly Lazy<Task<ServedFixture>> _server = new(() => ServedFixture.Start("gpt2-tiny"));

    public Task<ServedFixture> Get() => _server.Value;

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
            await (await _server.Value).DisposeAsync();
    }
}
