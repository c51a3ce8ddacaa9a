using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Components;
using Winnow.Data;
using Winnow.Models.Heads;
using Winnow.Models;
using Winnow.Tokenizers;

namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>reward</c>: the raw output of a sequence-classification / regression head on one text of the row, no sigmoid
/// (METHODS §6.4): encoder heads (BERT, RoBERTa, XLM-R <c>*ForSequenceClassification</c>) or a decoder's last-token
/// <c>score.weight</c> head (Llama-family reward models). Parameters: model (required),
/// text whole|instruction|response (default whole: instruction, input and response on their own lines), label (which
/// logit; required when the head has more than one output), max_length (default the model's limit), batch_size (16),
/// max_batch_tokens (8192). Field: reward.
/// </summary>
[Component("reward", "raw output of an encoder sequence-classification / regression head (BERT, RoBERTa, XLM-R) on the row's text")]
[ParamGroup(typeof(ModelFolderParams))]
[Param("text", ParamType.Choice, "which text of the row the head reads", Default = RowTextNames.Lines, Values = [RowTextNames.Lines, RowTextNames.InstructionLines, RowTextNames.Response, RowTextNames.Car])]
[Param("label", ParamType.Int, "head output to report; -1: the only one of a one-output head", Default = "-1", Min = -1)]
[Param("max_length", ParamType.Int, "tokens per sequence; 0: the encoder's limit", Default = "0", Min = 0)]
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "16", Min = 1)]
[Needs(TextParam = "text", Backend = Capability.ClassifierHead, ModelParams = ["model"])]
[Produces("reward")]
public sealed class RewardScorer : IScorer
{
    private readonly IRewardHead _head;
    private readonly Tokenizer _tokenizer;
    private readonly RowText _text;
    private readonly int _label;
    private readonly int _maxLength;
    private readonly int _batchSize;
    private readonly int _maxBatchTokens;
    private readonly Dictionary<string, string> _settings;

    private RewardScorer(string path, IRewardHead head, string fingerprint, RowText text, int label, int maxLength, int batchSize, int maxBatchTokens)
    {
        _head = head;
        _tokenizer = Tokenizer.Load(path);
        _text = text;
        _label = label;
        _maxLength = maxLength;
        _batchSize = batchSize;
        _maxBatchTokens = maxBatchTokens;
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = path,
            ["model_hash"] = fingerprint,
            ["text"] = text.Name(),
            ["label"] = label.ToString(CultureInfo.InvariantCulture),
            ["max_length"] = maxLength.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static RewardScorer Create(Parameters p)
    {
        var path = p.GetString("model");
        if (!File.Exists(Path.Combine(path, "tokenizer.json")))
            throw new ArgumentException($"reward: parameter 'model' must name a Hugging Face sequence-classification folder with tokenizer.json (got '{path}')");
        var text = RowTexts.Parse(p.GetString("text"));
        var label = p.GetInt("label");
        var maxLength = p.GetInt("max_length");
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var full = Path.GetFullPath(path);
        using var directory = ModelDirectory.Open(full);
        var fingerprint = ModelFingerprint.Compute(full, directory.WeightFiles);
        IRewardHead head = DecoderRewardHead.Applies(directory)
            ? DecoderRewardHead.Load(directory)
            : new EncoderRewardHead(SequenceClassifier.Load(directory.Config, directory));
        if (label < 0)
            label = head.Labels == 1 ? 0 : throw new ArgumentException($"reward: the head has {head.Labels} outputs; choose one with parameter 'label'");
        if (label >= head.Labels)
            throw new ArgumentException($"reward: label {label} is out of range for a head with {head.Labels} outputs");
        if (maxLength > head.MaxTokens)
            throw new ArgumentException($"reward: max_length {maxLength} exceeds the model's {head.MaxTokens} positions");
        return new RewardScorer(full, head, fingerprint, text, label, maxLength == 0 ? head.MaxTokens : maxLength, batchSize, maxBatchTokens);
    }

    public string Name => Declared.Name<RewardScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields => Declared.Of<RewardScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(s => _tokenizer.Encode(_text.Of(s), addSpecialTokens: true, _maxLength).Ids).ToArray();
        var results = new ScoreResult[batch.Count];
        foreach (var group in Batching.LengthSortedBatches(ids.Select(i => i.Length).ToArray(), _batchSize, _maxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = _head.Logits(group.Select(i => ids[i]).ToArray());
            for (var g = 0; g < group.Length; g++)
                results[group[g]] = ScoreResult.Ok(logits[g][_label]);
        }
        return results;
    }
}
