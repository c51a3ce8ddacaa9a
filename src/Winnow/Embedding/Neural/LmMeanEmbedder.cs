using Winnow.Text;
using Winnow.Backends;
using System.Collections.ObjectModel;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Embedding.Neural;

/// <summary>
/// <c>lm-mean</c>: Cherry-LLM's instruction embedding (METHODS §1.3): the instruction prompt alone (template alpaca,
/// ending in "### Response:", or raw = the instruction string), tokenised with BOS and truncated to max_length
/// (default 512), the mean of the last-layer hidden states over every position, BOS included.
/// </summary>
[Component("lm-mean", "Cherry-LLM instruction embedding: mean of a causal LM's last hidden states over the instruction prompt, BOS included")]
[ParamGroup(typeof(BackendModelParams))]
[ParamGroup(typeof(CausalEmbedderOptions))]
[Param("max_length", ParamType.Int, "tokens per sequence (a default beyond the model's positions is capped)", Default = "512", Min = 2)]
[Param("template", ParamType.Choice, "alpaca: the prompt ending in \"### Response:\"; raw: the instruction string", Default = "alpaca", Values = ["alpaca", "raw"])]
[Needs(Text = "instruction prompt", Backend = Capability.HiddenStates, ModelParams = ["model"])]
public sealed class LmMeanEmbedder : IEmbedder
{
    private readonly CausalEmbedderOptions _options;
    private readonly bool _raw;
    private readonly Dictionary<string, string> _settings;

    private LmMeanEmbedder(CausalEmbedderOptions options, bool raw)
    {
        _options = options;
        _raw = raw;
        _settings = options.Settings();
        _settings["template"] = raw ? "raw" : "alpaca";
    }

    public static LmMeanEmbedder Create(Parameters p)
    {
        var raw = p.GetString("template") == "raw";
        return new LmMeanEmbedder(CausalEmbedderOptions.Parse(Declared.Name<LmMeanEmbedder>(), p), raw);
    }

    public string Name => Declared.Name<LmMeanEmbedder>();

    public int Dim => _options.Model.HiddenSize;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    /// <summary>Nothing to fit: the model is pretrained.</summary>
    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
    }

    public void Embed(IReadOnlyList<Sample> batch, EmbeddingMatrix target, int firstRow, CancellationToken cancellationToken)
    {
        var vectors = EmbedTexts(batch.Select(PromptOf).ToArray(), cancellationToken);
        for (var i = 0; i < vectors.Length; i++)
            target.WriteRow(firstRow + i, CausalEmbedderOptions.Finite(Name, vectors[i], batch[i]));
    }

    public string PromptOf(Sample s) => _raw ? s.Instruction : IfdTemplate.Alpaca.Prompt(s.Instruction, s.Input);

    public float[][] EmbedTexts(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var model = _options.Model;
        var hidden = model.HiddenSize;
        return SortedBatches.Run(_options.Encode(texts), _options.BatchSize, _options.MaxBatchTokens,
            rows => model.LastHiddenStates(rows).Select(h => MeanOverPositions(h, hidden)).ToArray(), cancellationToken);
    }

    private static float[] MeanOverPositions(float[] states, int hidden)
    {
        var positions = states.Length / hidden;
        var sum = new double[hidden];
        for (var t = 0; t < positions; t++)
        {
            for (var d = 0; d < hidden; d++)
                sum[d] += states[t * hidden + d];
        }
        return sum.Select(x => (float)(x / positions)).ToArray();
    }
}
