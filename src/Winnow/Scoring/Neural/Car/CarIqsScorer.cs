using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Components;
using Winnow.Data;
using Winnow.Models;
using Winnow.Tokenizers;

namespace Winnow.Scoring.Neural.Car;

/// <summary>
/// <c>car.iqs</c>: CaR's instruction quality score on "Instruction: {instruction} Input: {input} Response: {output}"
/// (always with " Input: ", so an empty input leaves two spaces; METHODS §3.1). Parameters: model (required: a folder
/// made by tools/convert-checkpoint: model.safetensors + config.json + tokenizer.json + hparams.yaml), max_length
/// (default 510, COMET's max_positions − 2), batch_size (16), max_batch_tokens (8192). Field: iqs.
/// </summary>
[Component("car.iqs", "CaR instruction quality score: COMET-style XLM-R layer mix, average pooling and feed-forward head (converted checkpoint)")]
[ParamGroup(typeof(ModelFolderParams))]
[Param("max_length", ParamType.Int, "tokens per sequence", Default = "510", Min = 3)]
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "16", Min = 1)]
[Needs(Text = "CaR string (Instruction: … Input: … Response: …)", Backend = Capability.HiddenStates, ModelParams = ["model"])]
[Produces("iqs")]
public sealed class CarIqsScorer : IScorer
{
    private readonly IqsModel _model;
    private readonly Tokenizer _tokenizer;
    private readonly int _maxLength;
    private readonly int _batchSize;
    private readonly int _maxBatchTokens;
    private readonly Dictionary<string, string> _settings;

    private CarIqsScorer(IqsModel model, Tokenizer tokenizer, int maxLength, int batchSize, int maxBatchTokens, Dictionary<string, string> settings)
    {
        _model = model;
        _tokenizer = tokenizer;
        _maxLength = maxLength;
        _batchSize = batchSize;
        _maxBatchTokens = maxBatchTokens;
        _settings = settings;
    }

    public static CarIqsScorer Create(Parameters p)
    {
        var path = p.GetString("model");
        if (!File.Exists(Path.Combine(path, "tokenizer.json")))
            throw new ArgumentException($"car.iqs: parameter 'model' must name a converted IQS folder with tokenizer.json (see tools/convert-checkpoint; got '{path}')");
        var maxLength = p.GetInt("max_length");
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var full = Path.GetFullPath(path);
        var hparams = IqsHparams.Read(Path.Combine(full, "hparams.yaml"));
        var tokenizer = Tokenizer.Load(full);
        using var directory = ModelDirectory.Open(full);
        var model = IqsModel.Load(directory.Config, directory, hparams, tokenizer.PadTokenId ?? 1);
        if (maxLength > model.Encoder.MaxTokens)
            throw new ArgumentException($"car.iqs: max_length {maxLength} exceeds the encoder's {model.Encoder.MaxTokens} positions");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = full,
            ["model_hash"] = ModelFingerprint.Compute(full, directory.WeightFiles.Append(Path.Combine(full, "hparams.yaml"))),
            ["layer_transformation"] = hparams.Sparsemax ? "sparsemax" : "softmax",
            ["pool"] = hparams.AveragePooling ? "avg" : "cls",
            ["max_length"] = maxLength.ToString(CultureInfo.InvariantCulture),
        };
        return new CarIqsScorer(model, tokenizer, maxLength, batchSize, maxBatchTokens, settings);
    }

    public string Name => Declared.Name<CarIqsScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields => Declared.Of<CarIqsScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(s => _tokenizer.Encode(RowText.Car.Of(s), addSpecialTokens: true, _maxLength).Ids).ToArray();
        var results = new ScoreResult[batch.Count];
        foreach (var group in Batching.LengthSortedBatches(ids.Select(i => i.Length).ToArray(), _batchSize, _maxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scores = _model.Score(group.Select(i => ids[i]).ToArray());
            for (var g = 0; g < group.Length; g++)
                results[group[g]] = ScoreResult.Ok(scores[g]);
        }
        return results;
    }
}
