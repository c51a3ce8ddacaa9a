using Winnow.Data;
using Winnow.Embedding;
using Winnow.Pipeline;

namespace Winnow.Quality.Features;

/// <summary>
/// A frozen encoder for the <c>embedding</c> feature group, reached through the ordinary embedder contract: the
/// registered embedder is built with its own parameters, its model folder and, when it declares a <c>text</c>
/// parameter (use-lite, sentence), <c>text: response</c>. Each text to encode is handed to it as a one-exchange row
/// whose instruction and response are both that text, so an embedder that reads the instruction (lm-mean over a
/// backend's hidden states) encodes it too. Nothing is fitted on the texts (the encoders meant here are pretrained;
/// a pool-fitted embedder would make the head's inputs depend on the pool).
/// </summary>
public sealed class SentenceEncoder
{
    private const string TextParam = "text";
    private const int ChunkRows = 256;

    private readonly IEmbedder _embedder;

    private SentenceEncoder(IEmbedder embedder, string modelFolder)
    {
        _embedder = embedder;
        ModelFolder = modelFolder;
    }

    public string ModelFolder { get; }

    public int Dim => _embedder.Dim;

    public IReadOnlyDictionary<string, string> Settings => _embedder.Settings;

    /// <summary>The registry name of the parameter that names an embedder's model folder (<c>path</c> for use-lite, <c>model</c> for sentence).</summary>
    public static string ModelParam(string embedder) =>
        Catalog.Embedders.Info(embedder).Needs.ModelParams.FirstOrDefault()
        ?? throw new ArgumentException($"embedder '{embedder}' loads no model, so it is no frozen encoder; use use-lite, sentence or another embedder with a model folder");

    /// <summary>Builds the encoder of <paramref name="embedder"/> (extra <paramref name="parameters"/>) over the model in <paramref name="modelFolder"/>.</summary>
    public static SentenceEncoder Create(string embedder, IReadOnlyDictionary<string, string> parameters, string modelFolder)
    {
        var values = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { [ModelParam(embedder)] = modelFolder };
        if (Catalog.Embedders.Info(embedder).Param(TextParam) is not null)
            values[TextParam] = RowTextNames.Response;
        return new SentenceEncoder(Catalog.Embedders.Create(embedder, values), modelFolder);
    }

    /// <summary>The content hash the embedder reports for its weights (<c>sha256</c> setting), if any.</summary>
    public string? ContentHash => _embedder.Settings.TryGetValue("sha256", out var hash) ? hash : null;

    /// <summary>One vector per text; equal texts are encoded once.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var chunk in distinct.Chunk(ChunkRows))
        {
            var rows = chunk.Select((text, i) => new Sample(i, [new Turn(Role.User, text), new Turn(Role.Assistant, text)], text, "", text)).ToList();
            using var matrix = new EmbeddingMatrix(rows.Count, Dim);
            _embedder.Embed(rows, matrix, 0, cancellationToken);
            for (var i = 0; i < chunk.Length; i++)
            {
                var vector = new float[Dim];
                matrix.ReadRow(i, vector);
                vectors[chunk[i]] = vector;
            }
        }
        return texts.Select(t => vectors[t]).ToArray();
    }
}
