using System.Collections.ObjectModel;
using System.Globalization;
using OpenAI.Embeddings;
using Winnow.Backends.Http;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Embedding.Server;

/// <summary>
/// <c>http-embed</c>: embeddings from the <c>/v1/embeddings</c> endpoint of an OpenAI-compatible server (vLLM pooling
/// models, hosted APIs, <c>winnow serve</c>) through the official OpenAI library, over the same retrying replicas as
/// backend http. The vectors are stored as the server returns them (servers normalise, or not, by their model). The
/// dimension is read from a probe request at start-up; an answer with a different count or dimension stops the run
/// with the server's numbers, since a selector cannot use a row without its vector.
/// </summary>
[Component("http-embed", "embeddings from an OpenAI-compatible server's /v1/embeddings (vLLM pooling models, hosted APIs, winnow serve)")]
[Param("server", ParamType.Text, "base URL of the OpenAI-compatible server (its /v1/embeddings); comma-separate replicas of the same model", Required = true)]
[ParamGroup(typeof(HttpConnectionKeys))]
[Param("text", ParamType.Choice, "which text of the row is embedded", Default = RowTextNames.Exchange, Values = [RowTextNames.Exchange, RowTextNames.Prompt, RowTextNames.Response, RowTextNames.Conversation])]
[Param("dimensions", ParamType.Int, "the request's dimensions field, for models that can shorten their vectors", DefaultDoc = "the model's own", Min = 1)]
[Param("batch_size", ParamType.Int, "texts per request", Default = "32", Min = 1)]
[Needs(TextParam = "text")]
public sealed class HttpEmbedder : IEmbedder, IDisposable
{
    private readonly OpenAiReplicas<EmbeddingClient> _replicas;
    private readonly RowText _text;
    private readonly EmbeddingGenerationOptions _options;
    private readonly int _batchSize;

    private HttpEmbedder(OpenAiReplicas<EmbeddingClient> replicas, RowText text, int? dimensions, int batchSize)
    {
        _replicas = replicas;
        _text = text;
        _options = new EmbeddingGenerationOptions { Dimensions = dimensions };
        _batchSize = batchSize;
        Dim = Request(["Winnow probe"], CancellationToken.None).GetAwaiter().GetResult()[0].Length;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = replicas.Model,
            ["text"] = text.Name(),
            ["dim"] = Dim.ToString(CultureInfo.InvariantCulture),
        };
        if (dimensions is { } d)
            settings["dimensions"] = d.ToString(CultureInfo.InvariantCulture);
        Settings = new ReadOnlyDictionary<string, string>(settings);
    }

    public string Name => Declared.Name<HttpEmbedder>();

    public int Dim { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Connects (the served model from /v1/models) and reads the vectors' dimension from one probe request.</summary>
    public static HttpEmbedder Create(Parameters p)
    {
        var owner = Declared.Name<HttpEmbedder>();
        var text = RowTexts.Parse(p.GetString("text"));
        var replicas = OpenAiReplicas<EmbeddingClient>.Open(HttpBackendOptions.ParseConnection(owner, p), (model, key, options) => new EmbeddingClient(model, key, options));
        try
        {
            return new HttpEmbedder(replicas, text, p.GetOptionalInt("dimensions"), p.GetInt("batch_size"));
        }
        catch
        {
            replicas.Dispose();
            throw;
        }
    }

    /// <summary>Nothing to fit: the server's model is pretrained.</summary>
    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
    }

    public void Embed(IReadOnlyList<Sample> batch, EmbeddingMatrix target, int firstRow, CancellationToken cancellationToken)
    {
        var texts = batch.Select(s => _text.Of(s)).ToArray();
        var requests = texts.Chunk(_batchSize).Select(chunk => Request(chunk, cancellationToken)).ToArray();
        float[][][] answers;
        try
        {
            answers = Task.WhenAll(requests).GetAwaiter().GetResult();
        }
        catch (ServerUnavailableException e)
        {
            throw new ServerUnavailableException(e.Message + " — the run stops here; run the same command again", e);
        }
        var row = firstRow;
        foreach (var vector in answers.SelectMany(a => a))
        {
            if (vector.Length != Dim)
                throw new ServerResponseException($"{Name}: the server returned a {vector.Length}-dimensional vector for row {row}; its first answer had {Dim}");
            target.WriteRow(row++, vector);
        }
    }

    public void Dispose() => _replicas.Dispose();

    /// <summary>One request for <paramref name="texts"/>: their vectors in input order, one per text.</summary>
    private Task<float[][]> Request(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        _replicas.Run("v1/embeddings", async (client, where) =>
        {
            var answer = (await client.GenerateEmbeddingsAsync(texts, _options, cancellationToken).ConfigureAwait(false)).Value;
            var vectors = new float[texts.Count][];
            foreach (var embedding in answer)
            {
                if (embedding.Index < 0 || embedding.Index >= texts.Count || vectors[embedding.Index] is not null)
                    throw new ServerResponseException($"{where}: an embedding with index {embedding.Index} for {texts.Count} inputs");
                vectors[embedding.Index] = embedding.ToFloats().ToArray();
            }
            return vectors.Any(v => v is null) ? throw new ServerResponseException($"{where}: {answer.Count} embeddings for {texts.Count} inputs") : vectors;
        }, cancellationToken);
}
