using System.Collections.ObjectModel;
using Winnow.Data;

namespace Winnow.Embedding.Neural;

/// <summary>
/// <c>lm-last</c>: Deita's embedding (METHODS §4.3): the whole conversation in <see cref="VicunaConversation"/> form,
/// tokenised with BOS and truncated to max_length (default 2048, keeping the first tokens), the last-layer hidden
/// state at the last token. Rows are packed without padding, so "last non-pad token" is simply the last token.
/// </summary>
public sealed class LmLastEmbedder : IEmbedder
{
    private readonly CausalEmbedderOptions _options;
    private readonly Dictionary<string, string> _settings;

    private LmLastEmbedder(CausalEmbedderOptions options)
    {
        _options = options;
        _settings = options.Settings();
        _settings["template"] = "vicuna_v1.1";
    }

    public static LmLastEmbedder Create(Parameters p) => new(CausalEmbedderOptions.Parse("lm-last", p, 2048));

    public string Name => "lm-last";

    public int Dim => _options.Model.HiddenSize;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    /// <summary>Nothing to fit: the model is pretrained.</summary>
    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
    }

    public void Embed(IReadOnlyList<Sample> batch, EmbeddingMatrix target, int firstRow, CancellationToken cancellationToken)
    {
        var vectors = EmbedTexts(batch.Select(VicunaConversation.Render).ToArray(), cancellationToken);
        for (var i = 0; i < vectors.Length; i++)
            target.WriteRow(firstRow + i, CausalEmbedderOptions.Finite(Name, vectors[i], batch[i]));
    }

    public float[][] EmbedTexts(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var model = _options.Model;
        var hidden = model.HiddenSize;
        return SortedBatches.Run(_options.Encode(texts), _options.BatchSize, _options.MaxBatchTokens,
            rows => model.LastHiddenStates(rows).Select(h => h[^hidden..]).ToArray(), cancellationToken);
    }
}
