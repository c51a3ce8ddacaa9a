using Winnow.Serve;

namespace Winnow.Tests.Serve;

/// <summary>One server over a fixture model shared by a test class, started on first use so that classes skip cleanly without ../shared.</summary>
public abstract class SharedServer(string fixture, ServeOptions? options = null) : IAsyncDisposable
{
    private readonly Lazy<Task<ServedFixture>> _server = new(() => ServedFixture.Start(fixture, options));

    public Task<ServedFixture> Get() => _server.Value;

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
            await (await _server.Value).DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>gpt2-tiny with the default limits.</summary>
public sealed class SharedGpt2Server() : SharedServer("gpt2-tiny");

/// <summary>llama-tiny (Mistral tokenizer) allowing top-k over the whole vocabulary, so Deita's top-k path can be tested.</summary>
public sealed class SharedLlamaServer() : SharedServer("llama-tiny", new ServeOptions { MaxTopLogProbs = 32000 });
