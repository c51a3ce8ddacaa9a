using Winnow.Backends;
using System.Collections.ObjectModel;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Embedding.Neural;

/// <summary>
/// <c>lm-last</c>: Deita's embedding (METHODS §4.3): the whole conversation in <see cref="VicunaConversation"/> form,
/// tokenised with BOS and truncated to max_length (default 2048, keeping the first tokens), the last-layer hidden
/// state at the last token. Rows are packed without padding, so "last non-pad token" is simply the last token.
/// </summary>
[Component("lm-last", "Deita embedding: a causal LM's last hidden state at the last token of the Vicuna-format conversation")]
[ParamGroup(typeof(BackendModelParams))]
[ParamGroup(typeof(CausalEmbedderOptions))]
[Param("max_length", ParamType.Int, "tokens per sequence, keeping the first (a default beyond the model's positions is capped)", Default = "2048", Min = 2)]
[Needs(Text = "whole conversation (Vicuna format)", Backend = Capability.HiddenStates, ModelParams = ["model"])]
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

    public static LmLastEmbedder Create(Parameters p) => new(CausalEmbedderOptions.Parse(Declared.Name<LmLastEmbedder>(), p));

    public string Name => Declared.Name<LmLastEmbedder>();

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
