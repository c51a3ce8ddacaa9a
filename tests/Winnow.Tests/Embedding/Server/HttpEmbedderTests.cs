using System.Text.Json.Nodes;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Embedding.Server;
using Winnow.Pipeline;
using Winnow.Tests.Serve;

namespace Winnow.Tests.Embedding.Server;

/// <summary>
/// <c>http-embed</c> against <c>winnow serve</c> over gpt2-tiny: the vectors (asked for by the OpenAI library in base64)
/// are the server's float answers to the same texts, row for row across several requests, stored as float16.
/// </summary>
public class HttpEmbedderTests(SharedGpt2Server gpt2) : IClassFixture<SharedGpt2Server>
{
    private static readonly Sample[] Rows =
    [
        TestRows.Alpaca(0, "Explain recursion.", "It calls itself."),
        TestRows.Alpaca(1, "List three primes.", "2, 3 and 5.", "small ones"),
        TestRows.Alpaca(2, "Say hi.", "Hi!"),
    ];

    [SharedFact]
    public async Task VectorsAreTheServersRowForRow()
    {
        var f = await gpt2.Get();
        using var embedder = (HttpEmbedder)Catalog.Embedders.Create("http-embed", new Parameters(new Dictionary<string, string>
        {
            ["server"] = f.Server.Address.ToString(), ["text"] = "response", ["batch_size"] = "2",
        }, "http-embed"));
        Assert.Equal(f.Model.Model.HiddenSize, embedder.Dim);
        Assert.Equal("dim=64,model=gpt2-tiny,text=response", string.Join(",", embedder.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
        var matrix = new EmbeddingMatrix(Rows.Length + 1, embedder.Dim);
        embedder.Embed(Rows, matrix, 1, CancellationToken.None);
        for (var i = 0; i < Rows.Length; i++)
        {
            var (status, body) = await f.Post("v1/embeddings", new JsonObject { ["input"] = Rows[i].Response });
            Assert.Equal(200, status);
            var expected = body!["data"]![0]!["embedding"]!.AsArray().Select(v => (Half)(float)v!.GetValue<double>()).ToArray();
            Assert.Equal(expected, matrix.Row(i + 1).ToArray());
        }
        Assert.All(matrix.Row(0).ToArray(), v => Assert.Equal((Half)0, v));
    }
}
