using System.Text.Json;
using System.Text.Json.Nodes;
using Winnow.Quality.Features;

namespace Winnow.Quality.Training;

/// <summary>
/// A trained quality scorer as a small versioned folder: <c>model.json</c> (format version, feature spec, ranker
/// weights, metrics and the exact training command) and, when the spec uses them, <c>charlm.bin.gz</c> (the two
/// character LMs fitted on all training pairs).
/// </summary>
public sealed class QualityModel
{
    public const string Format = "winnow-quality";
    public const int Version = 1;
    public const string ModelFile = "model.json";
    public const string CharLmFile = "charlm.bin.gz";

    public QualityModel(FeatureSpec spec, PairwiseRanker ranker, CharLanguageModels? charModels, JsonObject metrics)
    {
        if (spec.UsesCharLm != charModels is not null)
            throw new ArgumentException("a feature spec with charlm needs the character LMs, and only then");
        if (spec.Dimension != ranker.Inputs)
            throw new InvalidDataException($"the feature spec gives {spec.Dimension} features but the ranker takes {ranker.Inputs}");
        Spec = spec;
        Ranker = ranker;
        CharModels = charModels;
        Metrics = metrics;
    }

    public FeatureSpec Spec { get; }

    public PairwiseRanker Ranker { get; }

    public CharLanguageModels? CharModels { get; }

    /// <summary>What training measured and how it was run (free-form JSON, saved as written).</summary>
    public JsonObject Metrics { get; }

    public double[] Features(string prompt, string response) =>
        Spec.Vector(prompt, response, CharModels?.Features(response));

    public double Score(string prompt, string response) => Ranker.Score(Features(prompt, response));

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["features"] = new JsonObject
            {
                ["groups"] = new JsonArray(Spec.Groups.Select(g => (JsonNode)g!).ToArray()),
                ["hash_buckets"] = Spec.HashBuckets,
                ["char_order"] = Spec.CharOrder,
                ["cross_fit_folds"] = Spec.CrossFitFolds,
            },
            ["ranker"] = new JsonObject
            {
                ["hidden"] = Ranker.Hidden,
                ["center"] = Numbers(Ranker.Center),
                ["scale"] = Numbers(Ranker.Scale),
                ["weights"] = Numbers(Ranker.Weights),
                ["hidden_bias"] = Numbers(Ranker.HiddenBias),
                ["output"] = Numbers(Ranker.Output),
            },
            ["metrics"] = Metrics.DeepClone(),
        };
        File.WriteAllText(Path.Combine(directory, ModelFile), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        CharModels?.Save(Path.Combine(directory, CharLmFile));
    }

    public static QualityModel Load(string directory)
    {
        if (!File.Exists(Path.Combine(directory, ModelFile)))
            throw new FileNotFoundException($"quality model folder '{directory}' has no {ModelFile}", Path.Combine(directory, ModelFile));
        return Load(name => File.OpenRead(Path.Combine(directory, name)), directory);
    }

    /// <summary>The model shipped inside the library (models/quality/ of the repository, embedded at build time).</summary>
    public static QualityModel LoadBuiltIn() =>
        Load(name => typeof(QualityModel).Assembly.GetManifestResourceStream("Winnow.models.quality." + name)
            ?? throw new InvalidOperationException($"the built-in quality model's {name} is missing from the assembly"), "built-in quality model");

    /// <summary>Loads from any store of the folder's files (<paramref name="open"/> opens one by name); <paramref name="label"/> names it in errors.</summary>
    public static QualityModel Load(Func<string, Stream> open, string label)
    {
        var path = label + "/" + ModelFile;
        JsonNode root;
        try
        {
            using (var reader = new StreamReader(open(ModelFile)))
                root = JsonNode.Parse(reader.ReadToEnd()) ?? throw new InvalidDataException($"{path}: empty");
            if ((string?)root["format"] != Format || (int?)root["version"] != Version)
                throw new InvalidDataException($"{path}: format '{root["format"]}' version {root["version"]}; expected {Format} version {Version}");
            var features = root["features"]!;
            var spec = FeatureSpec.Parse(string.Join(",", features["groups"]!.AsArray().Select(g => (string)g!)),
                (int)features["hash_buckets"]!, (int)features["char_order"]!, (int)features["cross_fit_folds"]!);
            var r = root["ranker"]!;
            var ranker = new PairwiseRanker(Array(r["center"]), Array(r["scale"]), (int)r["hidden"]!, Array(r["weights"]), Array(r["hidden_bias"]), Array(r["output"]));
            CharLanguageModels? charModels = null;
            if (spec.UsesCharLm)
            {
                using var charStream = open(CharLmFile);
                charModels = CharLanguageModels.Load(charStream, label + "/" + CharLmFile);
            }
            return new QualityModel(spec, ranker, charModels, root["metrics"]?.AsObject().DeepClone().AsObject() ?? []);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a valid quality model ({e.Message})");
        }
    }

    private static JsonArray Numbers(double[] values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static double[] Array(JsonNode? node) =>
        node?.AsArray().Select(v => (double)v!).ToArray() ?? throw new InvalidDataException("a ranker array is missing");
}
