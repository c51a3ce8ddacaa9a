using System.Collections.ObjectModel;
using Winnow.Components;
using Winnow.Data;
using Winnow.Quality.Training;

namespace Winnow.Scoring.Quality;

/// <summary>
/// <c>quality</c>: the learnt, model-free quality score. It loads a folder written by <c>winnow train quality</c>
/// (parameter <c>model</c>), or by default the model shipped in the library, trained on CaR's expert-revision pairs
/// (models/quality/, docs/quality.md). The value is the ranker's score: only its order is meaningful. No pool
/// statistics are used, so a row scores the same in any pool. All assistant turns of a multi-turn row count as its
/// response.
/// </summary>
[Component("quality", "learnt model-free quality (pairwise ranker on text features and character LMs, trained on CaR expert revisions)")]
[Param("model", ParamType.Path, "a folder written by 'winnow train quality'", DefaultDoc = "the built-in model (models/quality/)")]
[Needs(Text = "prompt and response (every assistant turn of a multi-turn row)")]
[Produces("quality")]
public sealed class QualityScorer : IScorer
{
    private static readonly Lazy<QualityModel> BuiltIn = new(QualityModel.LoadBuiltIn);

    private readonly QualityModel _model;

    public QualityScorer(QualityModel model, string source)
    {
        _model = model;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = source,
            ["features"] = string.Join(",", model.Spec.Groups),
            ["hidden"] = model.Ranker.Hidden.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["trained_by"] = (string?)model.Metrics["command"] ?? "unknown",
        };
        Settings = new ReadOnlyDictionary<string, string>(settings);
    }

    public string Name => Declared.Name<QualityScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields { get; } = ["quality"];

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Builds the scorer from checked parameters.</summary>
    public static QualityScorer Create(Parameters p) =>
        p.GetOptionalString("model") is { } directory ? new QualityScorer(QualityModel.Load(directory), Path.GetFullPath(directory)) : new QualityScorer(BuiltIn.Value, "built-in");

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        // Each row's score is a pure function of its text and the read-only model, so rows are scored on every core;
        // each result goes to its own slot, so the output does not depend on the thread count.
        var results = new ScoreResult[batch.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, batch.Count, options, i =>
        {
            var row = batch[i];
            var response = row.ExchangeCount > 1 ? string.Join("\n", row.Turns.Where(t => t.Role == Role.Assistant).Select(t => t.Text)) : row.Response;
            results[i] = ScoreResult.Ok(_model.Score(row.Prompt, response));
        });
        return results;
    }
}
