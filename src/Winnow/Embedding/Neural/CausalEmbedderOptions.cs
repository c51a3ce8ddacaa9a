using System.Globalization;
using Winnow.Scoring.Neural;

namespace Winnow.Embedding.Neural;

/// <summary>Parameters shared by the causal-LM embedders: model (required), max_length, batch_size (8), max_batch_tokens (8192).</summary>
public sealed record CausalEmbedderOptions(LanguageModelFolder Model, int MaxLength, int BatchSize, int MaxBatchTokens)
{
    public static CausalEmbedderOptions Parse(string owner, Parameters p, int defaultMaxLength)
    {
        var requested = p.GetInt("max_length", defaultMaxLength);
        var batchSize = p.GetInt("batch_size", 8);
        var maxBatchTokens = p.GetInt("max_batch_tokens", 8192);
        if (requested < 2 || batchSize < 1 || maxBatchTokens < 1)
            throw new ArgumentException($"{owner}: max_length must be at least 2, batch_size and max_batch_tokens positive");
        var model = LanguageModelFolder.Load(owner, p.GetOptionalString("model"));
        // The reference defaults (512, 2048) exceed small models' context; a default is capped, an explicit value is not.
        var maxLength = p.Values.ContainsKey("max_length") ? requested : Math.Min(requested, model.Model.MaxPositions);
        if (maxLength > model.Model.MaxPositions)
            throw new ArgumentException($"{owner}: max_length {maxLength} exceeds the model's {model.Model.MaxPositions} positions");
        return new CausalEmbedderOptions(model, maxLength, batchSize, maxBatchTokens);
    }

    public Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["model"] = Model.Path,
        ["model_hash"] = Model.Fingerprint,
        ["max_length"] = MaxLength.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Token ids of each text with the tokenizer's special tokens, truncated to <see cref="MaxLength"/>.</summary>
    public int[][] Encode(IEnumerable<string> texts) => texts.Select(t => Model.Tokenizer.Encode(t, addSpecialTokens: true, MaxLength).Ids).ToArray();
}
