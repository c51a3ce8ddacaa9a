using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Quality.Features;
using Winnow.Quality.Training;

namespace Winnow.Scoring.Quality;

/// <summary>
/// <c>quality</c>: the learnt quality score. It loads a folder written by <c>winnow train quality</c> (parameter
/// <c>model</c>) or one of the two models shipped in the library, trained on CaR's expert-revision pairs
/// (docs/quality.md): <c>model-free</c> (models/quality/: text features and character LMs) and <c>use-lite</c>
/// (models/quality-use-lite/: a head on frozen USE-lite embeddings, whose encoder is the npm package found where
/// the run is). A model that needs an encoder which cannot be found is an error, unless <c>fallback</c> names the
/// model-free model: then that one runs, and the settings (run manifest and report provenance) say which model ran
/// and why. The value is the ranker's score: only its order is meaningful. No pool statistics are used, so a row
/// scores the same in any pool. All assistant turns of a multi-turn row count as its response.
/// </summary>
[Component("quality", "learnt quality (pairwise ranker on text features and character LMs, or on frozen USE-lite embeddings; trained on CaR expert revisions)")]
[Param("model", ParamType.Path, "a folder written by 'winnow train quality'", DefaultDoc = "the built-in model named by 'built_in'")]
[Param("built_in", ParamType.Choice, "which shipped model runs when 'model' is not given", Default = ModelFree, Values = [ModelFree, UseLite])]
[Param("encoder_path", ParamType.Path, "model folder of the model's frozen encoder (for use-lite: the npm package)", DefaultDoc = "use-lite: WINNOW_USE_LITE_DIR, else .cache/use-lite or node_modules above the working directory")]
[Param("fallback", ParamType.Choice, "what runs when the model's encoder is not found: none (an error) or the built-in model-free model (said in the settings)", Default = "none", Values = ["none", ModelFree])]
[Needs(Text = "prompt and response (every assistant turn of a multi-turn row)")]
[Produces("quality")]
public sealed class QualityScorer : IScorer, IUsesResponseDeflate
{
    public const string ModelFree = "model-free";
    public const string UseLite = "use-lite";

    private static readonly Lazy<QualityModel> BuiltIn = new(QualityModel.LoadBuiltIn);

    private readonly QualityModel _model;
    private ResponseDeflateSizes? _deflateSizes;

    /// <param name="source">What the model is ("built-in model-free", a folder path), for the settings.</param>
    /// <param name="reason">Why this model runs (a fallback names what was asked for and what was missing); null for the model asked for.</param>
    public QualityScorer(QualityModel model, string source, string? reason = null)
    {
        _model = model;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = source,
            ["features"] = string.Join(",", model.Spec.Groups),
            ["hidden"] = model.Ranker.Hidden.ToString(CultureInfo.InvariantCulture),
            ["trained_by"] = (string?)model.Metrics["command"] ?? "unknown",
            ["model_choice"] = reason ?? "as configured",
        };
        if (model.Encoder is { } encoder)
        {
            settings["encoder"] = model.Spec.Encoder!.Embedder;
            settings["encoder_path"] = encoder.ModelFolder;
            settings["encoder_parts"] = string.Join(",", model.Spec.Encoder.Parts);
            if (encoder.ContentHash is { } hash)
                settings["encoder_sha256"] = hash;
        }
        Settings = new ReadOnlyDictionary<string, string>(settings);
    }

    public string Name => Declared.Name<QualityScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields { get; } = ["quality"];

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The model that runs: the one configured, or the model-free fallback (named in <see cref="Settings"/>).</summary>
    public QualityModel Model => _model;

    /// <summary>Builds the scorer from checked parameters.</summary>
    public static QualityScorer Create(Parameters p)
    {
        var folder = p.GetOptionalString("model");
        var builtIn = p.GetString("built_in");
        var (open, source) = folder is not null
            ? (QualityModel.Folder(folder), Path.GetFullPath(folder))
            : builtIn == ModelFree ? (QualityModel.BuiltIn("quality"), "built-in model-free") : (QualityModel.BuiltIn("quality-use-lite"), "built-in use-lite");
        if (folder is null && builtIn == ModelFree)
            return new QualityScorer(BuiltIn.Value, source);
        if (folder is not null && !File.Exists(Path.Combine(folder, QualityModel.ModelFile)))
            throw new FileNotFoundException($"quality model folder '{folder}' has no {QualityModel.ModelFile}", Path.Combine(folder, QualityModel.ModelFile));
        var encoderPath = p.GetOptionalString("encoder_path");
        string FindEncoder(EncoderSpec encoder)
        {
            var found = encoderPath ?? EncoderLocation.Find(encoder);
            if (encoder.Embedder == "use-lite" && !Embedding.UseLite.UseLitePackage.HasModel(found))
                throw new FileNotFoundException($"the quality model's encoder, use-lite, is not in encoder_path '{found}' (no model.json and vocab.json there or in its dist/ folder); {Embedding.UseLite.UseLitePackage.InstallHint}");
            return found;
        }
        try
        {
            var model = QualityModel.Load(open, source, FindEncoder);
            var encoder = model.Encoder is { } e ? $"{model.Spec.Encoder!.Embedder} found at {e.ModelFolder}" : "no encoder needed";
            return new QualityScorer(model, source, $"as configured ({encoder})");
        }
        catch (FileNotFoundException missing) when (p.GetString("fallback") == ModelFree)
        {
            return new QualityScorer(BuiltIn.Value, "built-in model-free",
                $"fallback: {source} was asked for, but {missing.Message.Split("; ")[0]}; ran the built-in model-free model instead");
        }
    }

    public void ShareDeflateSizes(ResponseDeflateSizes sizes) => _deflateSizes = sizes;

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var rows = batch.Select(row => (row.Prompt, row.ExchangeCount > 1 ? string.Join("\n", row.Turns.Where(t => t.Role == Role.Assistant).Select(t => t.Text)) : row.Response)).ToList();
        // A size shared by the run is of the row's Response; a multi-turn row is scored on its joined turns instead.
        var deflated = _deflateSizes is { } sizes ? batch.Select(row => row.ExchangeCount > 1 ? null : sizes.Get(row.Index)).ToArray() : null;
        return _model.Scores(rows, cancellationToken, deflated).Select(s => ScoreResult.Ok(s)).ToArray();
    }
}
