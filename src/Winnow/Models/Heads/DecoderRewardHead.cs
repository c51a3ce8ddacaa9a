using System.Text.Json.Nodes;
using Winnow.Models;

namespace Winnow.Models.Heads;

/// <summary>
/// A decoder <c>*ForSequenceClassification</c> head (Llama, Mistral, Qwen2 reward models): logits = score.weight ·
/// h_last, the final-norm hidden state of the last token, no bias (transformers' "last non-pad token"; rows here are
/// packed without padding). The checkpoint has no <c>lm_head.weight</c>, so the causal-LM loader is told the
/// embeddings are tied: the vocabulary projection is never evaluated, only the hidden states are read.
/// </summary>
public sealed class DecoderRewardHead : IRewardHead
{
    private readonly ICausalLanguageModel _model;
    private readonly float[] _score;

    private DecoderRewardHead(ICausalLanguageModel model, float[] score, int labels)
    {
        _model = model;
        _score = score;
        Labels = labels;
    }

    public int Labels { get; }

    public int MaxTokens => _model.MaxPositions;

    public static bool Applies(ModelDirectory directory) => directory.Contains("score.weight");

    public static DecoderRewardHead Load(ModelDirectory directory)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(directory.DirectoryPath, "config.json")))!.AsObject();
        json["tie_word_embeddings"] = true;
        var config = ModelConfig.Parse(json.ToJsonString(), directory.DirectoryPath + "/config.json (score head)");
        var model = CausalLM.Load(config, directory);
        var shape = directory.Entry("score.weight").Shape;
        if (shape.Length != 2 || shape[1] != model.HiddenSize)
            throw new ModelFormatException($"{directory.Name}: score.weight has shape [{string.Join(", ", shape)}], expected [labels, {model.HiddenSize}]");
        return new DecoderRewardHead(model, directory.Load("score.weight", shape), (int)shape[0]);
    }

    public float[][] Logits(IReadOnlyList<int[]> rows)
    {
        var hidden = _model.HiddenSize;
        return _model.LastHiddenStates(rows).Select(states =>
        {
            var last = states.AsSpan(states.Length - hidden, hidden);
            var logits = new float[Labels];
            for (var k = 0; k < Labels; k++)
            {
                double sum = 0;
                for (var i = 0; i < hidden; i++)
                    sum += (double)_score[k * hidden + i] * last[i];
                logits[k] = (float)sum;
            }
            return logits;
        }).ToArray();
    }
}
