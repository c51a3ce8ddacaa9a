using System.Globalization;
using Winnow.Backends;
using Winnow.Components;

namespace Winnow.Embedding.Neural;

/// <summary>
/// Parameters shared by the causal-LM embedders (declared here, with each embedder's own max_length default): a
/// default max_length beyond the model's positions is capped, an explicit one is an error.
/// </summary>
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "8", Min = 1)]
public sealed record CausalEmbedderOptions(IModelBackend Model, int MaxLength, int BatchSize, int MaxBatchTokens)
{
    public static CausalEmbedderOptions Parse(string owner, Parameters p)
    {
        var requested = p.GetInt("max_length");
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var model = ModelBackends.Open(BackendOptions.Parse(owner, p));
        BackendRequirements.Require(owner, model, BackendCapabilities.HiddenStates, "for the last-layer hidden states it pools");
        // The reference defaults (512, 2048) exceed small models' context; a default is capped, an explicit value is not.
        var maxLength = p.IsGiven("max_length") ? requested : Math.Min(requested, model.MaxContext);
        if (maxLength > model.MaxContext)
            throw new ArgumentException($"{owner}: max_length {maxLength} exceeds the model's {model.MaxContext} positions");
        return new CausalEmbedderOptions(model, maxLength, batchSize, maxBatchTokens);
    }

    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["max_length"] = MaxLength.ToString(CultureInfo.InvariantCulture) };
        Model.Provenance.AddTo(settings);
        return settings;
    }

    /// <summary>
    /// The embedding of <paramref name="row"/>, refused with an error naming the row when the model produced NaN or
    /// infinity (a broken model must stop the run, not fill the matrix with values that cluster as if they were real).
    /// </summary>
    public static float[] Finite(string owner, float[] vector, Data.Sample row)
    {
        foreach (var x in vector)
        {
            if (!float.IsFinite(x))
                throw new InvalidDataException($"{owner}: the model produced a non-finite embedding ({x.ToString(CultureInfo.InvariantCulture)}) for row {row.Index.ToString(CultureInfo.InvariantCulture)}; its weights or hidden states are broken (NaN/Inf)");
        }
        return vector;
    }

    /// <summary>Token ids of each text with the tokenizer's special tokens, truncated to <see cref="MaxLength"/>.</summary>
    public int[][] Encode(IEnumerable<string> texts) => texts.Select(t => Model.Tokenizer.Encode(t, addSpecialTokens: true, MaxLength).Ids).ToArray();
}
