using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>deita.complexity</c> and <c>deita.quality</c>: Deita's scorer models (METHODS §4.1–4.2). Every exchange of a row
/// is scored on its own (no history) with the exact prompt; fields: the first exchange's score, the mean over
/// exchanges, the number of exchanges. deita.quality with <c>complexity_model</c> also runs the complexity scorer and
/// adds evol_score = Σ_turns complexity·quality (the combined filter's sort key). Any failure — a prompt longer than
/// the context, a row with no user turn — is a row error, never Deita's silent 3.0. Declared by
/// <see cref="DeitaComplexityScorer"/> and <see cref="DeitaQualityScorer"/> (the model through <see cref="BackendOptions"/>;
/// complexity_model's backend keys carry the prefix complexity_).
/// </summary>
public sealed class DeitaScorer : IScorer
{
    private readonly string _name;
    private readonly bool _quality;
    private readonly DigitScore _scorer;
    private readonly DigitScore? _complexity;
    private readonly int _batchSize;
    private readonly int _maxBatchTokens;
    private readonly Dictionary<string, string> _settings;

    private DeitaScorer(string name, bool quality, IModelBackend model, IModelBackend? complexityModel, int batchSize, int maxBatchTokens)
    {
        _name = name;
        _quality = quality;
        _scorer = new DigitScore(model, Name);
        _complexity = complexityModel is null ? null : new DigitScore(complexityModel, Name);
        _batchSize = batchSize;
        _maxBatchTokens = maxBatchTokens;
        var kind = quality ? "quality" : "complexity";
        Fields = complexityModel is null ? [kind, kind + "_mean", "turns"] : [kind, kind + "_mean", "turns", "evol_score"];
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["digit_ids"] = string.Join(",", _scorer.DigitIds.Select(i => i.ToString(CultureInfo.InvariantCulture))),
            ["batch_size"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["max_batch_tokens"] = maxBatchTokens.ToString(CultureInfo.InvariantCulture),
        };
        model.Provenance.AddTo(_settings);
        complexityModel?.Provenance.AddTo(_settings, "complexity_");
    }

    /// <summary>Builds the quality (<paramref name="quality"/>) or complexity scorer from checked parameters, named by their declaration.</summary>
    public static DeitaScorer Create(bool quality, Parameters p)
    {
        var owner = p.ComponentName;
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var model = Open(owner, p, "");
        var complexity = quality && p.IsGiven("complexity_model") ? Open(owner + " (complexity_model)", p, "complexity_") : null;
        return new DeitaScorer(owner, quality, model, complexity, batchSize, maxBatchTokens);
    }

    private static IModelBackend Open(string owner, Parameters p, string prefix)
    {
        var backend = ModelBackends.Open(BackendOptions.Parse(owner, p, prefix));
        BackendRequirements.Require(owner, backend, BackendCapabilities.ChosenLogProbs, "for the next-token log-probabilities of the digits 1-6");
        return backend;
    }

    public string Name => _name;

    public string Variant => "default";

    public IReadOnlyList<string> Fields { get; }

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var exchanges = batch.Select(DeitaPrompts.Exchanges).ToArray();
        var flat = exchanges.SelectMany(e => e).ToArray();
        var own = _scorer.Score(flat.Select(e => _quality ? DeitaPrompts.Quality(e.Instruction, e.Response) : DeitaPrompts.Complexity(e.Instruction)).ToArray(),
            _batchSize, _maxBatchTokens, cancellationToken);
        var complexity = _complexity?.Score(flat.Select(e => DeitaPrompts.Complexity(e.Instruction)).ToArray(), _batchSize, _maxBatchTokens, cancellationToken);

        var results = new ScoreResult[batch.Count];
        var offset = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            var n = exchanges[r].Count;
            results[r] = Combine(own.AsSpan(offset, n), complexity is null ? null : complexity.AsSpan(offset, n).ToArray());
            offset += n;
        }
        return results;
    }

    private ScoreResult Combine(ReadOnlySpan<(double Score, string? Error)> own, (double Score, string? Error)[]? complexity)
    {
        if (own.Length == 0)
            return ScoreResult.Fail($"{Name}: the row has no user turn to score");
        for (var t = 0; t < own.Length; t++)
        {
            var error = own[t].Error ?? complexity?[t].Error;
            if (error is not null)
                return ScoreResult.Fail($"{Name}: exchange {t + 1}: {error}");
        }
        double sum = 0, evol = 0;
        for (var t = 0; t < own.Length; t++)
        {
            sum += own[t].Score;
            if (complexity is not null)
                evol += complexity[t].Score * own[t].Score;
        }
        var values = new List<double> { own[0].Score, sum / own.Length, own.Length };
        if (complexity is not null)
            values.Add(evol);
        return ScoreResult.Ok([.. values]);
    }
}
