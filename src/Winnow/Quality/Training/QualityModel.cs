using System.Text.Json;
using System.Text.Json.Nodes;
using Winnow.Quality.Features;

namespace Winnow.Quality.Training;

/// <summary>
/// A trained quality scorer as a small versioned folder: <c>model.json</c> (format version, feature spec, ranker
/// weights, metrics and the exact training command) and, when the spec uses them, <c>charlm.bin.gz</c> (the two
/// character LMs fitted on all training pairs). A model with the <c>embedding</c> group also holds its frozen
/// encoder, whose weights live outside the folder (see <see cref="EncoderSpec"/>) and are found when it is loaded.
/// </summary>
public sealed class QualityModel
{
    public const string Format = "winnow-quality";
    public const int Version = 1;
    public const string ModelFile = "model.json";
    public const string CharLmFile = "charlm.bin.gz";

    public QualityModel(FeatureSpec spec, PairwiseRanker ranker, CharLanguageModels? charModels, JsonObject metrics, SentenceEncoder? encoder = null)
    {
        if (spec.UsesCharLm != charModels is not null)
            throw new ArgumentException("a feature spec with charlm needs the character LMs, and only then");
        if (spec.UsesEncoder != encoder is not null)
            throw new ArgumentException("a feature spec with embedding needs its encoder, and only then");
        if (encoder is not null && encoder.Dim != spec.Encoder!.Dim)
            throw new InvalidDataException($"the encoder gives {encoder.Dim}-d vectors but the feature spec was trained on {spec.Encoder.Dim}-d ones");
        if (encoder is not null && spec.Encoder!.ContentHash is { } expected && encoder.ContentHash != expected)
            throw new InvalidDataException($"the encoder in '{encoder.ModelFolder}' has weights sha256 {encoder.ContentHash ?? "unknown"}; the model was trained on {expected}");
        if (spec.Dimension != ranker.Inputs)
            throw new InvalidDataException($"the feature spec gives {spec.Dimension} features but the ranker takes {ranker.Inputs}");
        Spec = spec;
        Ranker = ranker;
        CharModels = charModels;
        Metrics = metrics;
        Encoder = encoder;
    }

    public FeatureSpec Spec { get; }

    public PairwiseRanker Ranker { get; }

    public CharLanguageModels? CharModels { get; }

    /// <summary>What training measured and how it was run (free-form JSON, saved as written).</summary>
    public JsonObject Metrics { get; }

    /// <summary>The frozen encoder of the <c>embedding</c> group; null without it.</summary>
    public SentenceEncoder? Encoder { get; }

    public double[] Features(string prompt, string response) => Features([(prompt, response)], CancellationToken.None)[0];

    /// <summary>
    /// Feature vectors of many rows; the encoder, when there is one, runs over all of them at once.
    /// <paramref name="responseDeflatedSizes"/> gives the responses' Deflate sizes the run already knows (null where not).
    /// </summary>
    public double[][] Features(IReadOnlyList<(string Prompt, string Response)> rows, CancellationToken cancellationToken, IReadOnlyList<int?>? responseDeflatedSizes = null) =>
        EachRow(rows, cancellationToken, responseDeflatedSizes, vector => vector);

    public double Score(string prompt, string response) => Ranker.Score(Features(prompt, response));

    /// <summary>The ranker's score of each row, each row featurised and scored on the same core.</summary>
    public double[] Scores(IReadOnlyList<(string Prompt, string Response)> rows, CancellationToken cancellationToken, IReadOnlyList<int?>? responseDeflatedSizes = null) =>
        EachRow(rows, cancellationToken, responseDeflatedSizes, vector => Ranker.Score(vector));

    /// <summary>
    /// <paramref name="result"/> of each row's feature vector. Each vector is a pure function of its row's text and the
    /// read-only model, so rows are featurised on every core; each result goes to its own slot, so the output does not
    /// depend on the thread count.
    /// </summary>
    private T[] EachRow<T>(IReadOnlyList<(string Prompt, string Response)> rows, CancellationToken cancellationToken, IReadOnlyList<int?>? responseDeflatedSizes, Func<double[], T> result)
    {
        var pairFeatures = EncoderFeatures(Spec, Encoder, rows, cancellationToken);
        var results = new T[rows.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, rows.Count, options, i =>
            results[i] = result(Spec.Vector(rows[i].Prompt, rows[i].Response, CharModels?.Features(rows[i].Response), pairFeatures?[i], responseDeflatedSizes?[i])));
        return results;
    }

    /// <summary>The <c>embedding</c> group's pair features of every row (prompts and responses encoded in one pass), or null when the spec has none.</summary>
    public static double[][]? EncoderFeatures(FeatureSpec spec, SentenceEncoder? encoder, IReadOnlyList<(string Prompt, string Response)> rows, CancellationToken cancellationToken)
    {
        if (!spec.UsesEncoder)
            return null;
        var vectors = encoder!.Encode(rows.Select(r => r.Prompt).Concat(rows.Select(r => r.Response)).ToList(), cancellationToken);
        return rows.Select((_, i) => spec.Encoder!.PairFeatures(vectors[i], vectors[rows.Count + i])).ToArray();
    }

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
        // A model-free folder keeps the layout it had before encoders existed: no "encoder" key at all.
        if (Spec.Encoder is { } e)
        {
            root["features"]!["encoder"] = new JsonObject
            {
                ["embedder"] = e.Embedder,
                ["parameters"] = new JsonObject(e.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["parts"] = new JsonArray(e.Parts.Select(p => (JsonNode)p!).ToArray()),
                ["dim"] = e.Dim,
                ["sha256"] = e.ContentHash,
            };
        }
        File.WriteAllText(Path.Combine(directory, ModelFile), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        CharModels?.Save(Path.Combine(directory, CharLmFile));
    }

    /// <summary>Loads a folder; <paramref name="encoderFolder"/> finds the model folder of its encoder, when it has one (<see cref="EncoderLocation.Find"/> by default).</summary>
    public static QualityModel Load(string directory, Func<EncoderSpec, string>? encoderFolder = null)
    {
        if (!File.Exists(Path.Combine(directory, ModelFile)))
            throw new FileNotFoundException($"quality model folder '{directory}' has no {ModelFile}", Path.Combine(directory, ModelFile));
        return Load(Folder(directory), directory, encoderFolder);
    }

    /// <summary>Opens the files of a model folder on disk by name.</summary>
    public static Func<string, Stream> Folder(string directory) => name => File.OpenRead(Path.Combine(directory, name));

    /// <summary>The model-free model shipped inside the library (models/quality/ of the repository, embedded at build time).</summary>
    public static QualityModel LoadBuiltIn() => Load(BuiltIn("quality"), "built-in quality model");

    /// <summary>Opens the files of a model folder shipped inside the library (models/<paramref name="folder"/>/ of the repository).</summary>
    public static Func<string, Stream> BuiltIn(string folder) => name =>
        typeof(QualityModel).Assembly.GetManifestResourceStream($"Winnow.models.{folder}.{name}")
        ?? throw new InvalidOperationException($"the built-in model {folder}'s {name} is missing from the assembly");

    /// <summary>
    /// Loads from any store of the folder's files (<paramref name="open"/> opens one by name); <paramref name="label"/>
    /// names it in errors; <paramref name="encoderFolder"/> finds the encoder's model folder.
    /// </summary>
    public static QualityModel Load(Func<string, Stream> open, string label, Func<EncoderSpec, string>? encoderFolder = null)
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
            var encoderSpec = ParseEncoder(features["encoder"]);
            var spec = FeatureSpec.Parse(string.Join(",", features["groups"]!.AsArray().Select(g => (string)g!)),
                (int)features["hash_buckets"]!, (int)features["char_order"]!, (int)features["cross_fit_folds"]!, encoderSpec);
            var r = root["ranker"]!;
            var ranker = new PairwiseRanker(Array(r["center"]), Array(r["scale"]), (int)r["hidden"]!, Array(r["weights"]), Array(r["hidden_bias"]), Array(r["output"]));
            CharLanguageModels? charModels = null;
            if (spec.UsesCharLm)
            {
                using var charStream = open(CharLmFile);
                charModels = CharLanguageModels.Load(charStream, label + "/" + CharLmFile);
            }
            var encoder = encoderSpec is null ? null
                : SentenceEncoder.Create(encoderSpec.Embedder, encoderSpec.Parameters, (encoderFolder ?? EncoderLocation.Find)(encoderSpec));
            return new QualityModel(spec, ranker, charModels, root["metrics"]?.AsObject().DeepClone().AsObject() ?? [], encoder);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a valid quality model ({e.Message})");
        }
    }

    private static EncoderSpec? ParseEncoder(JsonNode? node) => node is null ? null : new EncoderSpec(
        (string)node["embedder"]!,
        node["parameters"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal),
        node["parts"]!.AsArray().Select(p => (string)p!).ToArray(),
        (int)node["dim"]!,
        (string?)node["sha256"]);

    private static JsonArray Numbers(double[] values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static double[] Array(JsonNode? node) =>
        node?.AsArray().Select(v => (double)v!).ToArray() ?? throw new InvalidDataException("a ranker array is missing");
}
