using System.Globalization;
using Winnow.Components;
using Winnow.Scoring.Neural;

namespace Winnow.Embedding.Neural;

/// <summary>
/// Parameters shared by the causal-LM embedders (declared here, with each embedder's own max_length default): a
/// default max_length beyond the model's positions is capped, an explicit one is an error.
/// </summary>
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "8", Min = 1)]
public sealed record CausalEmbedderOptions(LanguageModelFolder Model, int MaxLength, int BatchSize, int MaxBatchTokens)
{
    public static CausalEmbedderOptions Parse(string owner, Parameters p)
    {
        var requested = p.GetInt("max_length");
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var model = LanguageModelFolder.Load(owner, p.GetString("model"));
        // The reference defaults (512, 2048) exceed small models' context; a default is capped, an explicit value is not.
        var maxLength = p.IsGiven("max_length") ? requested : Math.Min(requested, model.Model.MaxPositions);
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
