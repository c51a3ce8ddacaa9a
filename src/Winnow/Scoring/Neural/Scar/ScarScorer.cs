using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Components;
using Winnow.Data;
using Winnow.Models;
using Winnow.Tokenizers;

namespace Winnow.Scoring.Neural.Scar;

/// <summary>
/// <c>scar</c>: SCAR's style-consistency score of (instruction, response) — the Alpaca <c>input</c> is not used, as in
/// the reference (METHODS §5.3). Instruction and response are tokenised separately, truncated to max_length (default
/// 512, capped by the encoder). Parameters: model (required: a folder made by tools/convert-checkpoint with the
/// ranker state dict as model.safetensors, the encoder's config.json and tokenizer.json), max_length, batch_size (32),
/// max_batch_tokens (8192). Field: scar (higher = keep; the README's example threshold is −2.0).
/// </summary>
[Component("scar", "SCAR style-consistency ranker score of (instruction, response): shared encoder, relation network and max-pooled answer states (converted checkpoint)")]
[ParamGroup(typeof(ModelFolderParams))]
[Param("max_length", ParamType.Int, "tokens per sequence (capped by the encoder's positions)", Default = "512", Min = 3)]
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "32", Min = 1)]
[Needs(Text = "instruction and response", Backend = Capability.HiddenStates, ModelParams = ["model"])]
[Produces("scar")]
public sealed class ScarScorer : IScorer
{
    private readonly StyleRanker _ranker;
    private readonly Tokenizer _tokenizer;
    private readonly int _maxLength;
    private readonly int _batchSize;
    private readonly int _maxBatchTokens;
    private readonly Dictionary<string, string> _settings;

    private ScarScorer(StyleRanker ranker, Tokenizer tokenizer, int maxLength, int batchSize, int maxBatchTokens, Dictionary<string, string> settings)
    {
        _ranker = ranker;
        _tokenizer = tokenizer;
        _maxLength = maxLength;
        _batchSize = batchSize;
        _maxBatchTokens = maxBatchTokens;
        _settings = settings;
    }

    public static ScarScorer Create(Parameters p)
    {
        var path = p.GetString("model");
        if (!File.Exists(Path.Combine(path, "tokenizer.json")))
            throw new ArgumentException($"scar: parameter 'model' must name a converted SCAR ranker folder with tokenizer.json (see tools/convert-checkpoint; got '{path}')");
        var requested = p.GetInt("max_length");
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var full = Path.GetFullPath(path);
        using var directory = ModelDirectory.Open(full);
        var ranker = new StyleRanker(directory.Config, directory);
        // The reference tokenises with max_length 512; an encoder with fewer positions caps it.
        var maxLength = Math.Min(requested, ranker.MaxTokens);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = full,
            ["model_hash"] = ModelFingerprint.Compute(full, directory.WeightFiles),
            ["max_length"] = maxLength.ToString(CultureInfo.InvariantCulture),
            ["linear_dim"] = ranker.LinearDim.ToString(CultureInfo.InvariantCulture),
            ["sequence_vector"] = ranker.HasPooler ? "pooler" : "cls",
        };
        return new ScarScorer(ranker, Tokenizer.Load(full), maxLength, batchSize, maxBatchTokens, settings);
    }

    public string Name => Declared.Name<ScarScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields => Declared.Of<ScarScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var instructions = batch.Select(s => _tokenizer.Encode(s.Instruction, addSpecialTokens: true, _maxLength).Ids).ToArray();
        var answers = batch.Select(s => _tokenizer.Encode(s.Response, addSpecialTokens: true, _maxLength).Ids).ToArray();
        var results = new ScoreResult[batch.Count];
        var lengths = instructions.Zip(answers, (i, a) => i.Length + a.Length).ToArray();
        foreach (var group in Batching.LengthSortedBatches(lengths, _batchSize, _maxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scores = _ranker.Score(group.Select(i => instructions[i]).ToArray(), group.Select(i => answers[i]).ToArray());
            for (var g = 0; g < group.Length; g++)
                results[group[g]] = ScoreResult.Ok(scores[g]);
        }
        return results;
    }
}
