namespace Winnow.Quality.Features;

/// <summary>
/// Which model-free features a quality model reads, saved with its weights so that scoring rebuilds exactly the
/// training features. Groups: the <see cref="TextFeatures"/> groups, <c>hashed</c> (<see cref="HashedWordFeatures"/>)
/// <c>charlm</c> (<see cref="CharLanguageModels"/>, cross-fitted over <see cref="CrossFitFolds"/> folds) and
/// <c>embedding</c> (pair features of a frozen sentence encoder, <see cref="Encoder"/>).
/// </summary>
public sealed record FeatureSpec(IReadOnlyList<string> Groups, int HashBuckets, int CharOrder, int CrossFitFolds, EncoderSpec? Encoder = null)
{
    public const string Hashed = "hashed";
    public const string CharLm = "charlm";
    public const string Embedding = "embedding";

    public static IReadOnlyList<string> AllGroups { get; } = [.. TextFeatures.Names.Keys, Hashed, CharLm, Embedding];

    /// <summary>
    /// The shipped model's features: every group but <c>hashed</c>, which lowered validation accuracy on CaR's pairs
    /// (87.8 % with it, 91.7 % without, linear ranker; docs/quality.md).
    /// </summary>
    public static FeatureSpec Default { get; } = new(AllGroups.Where(g => g is not (Hashed or Embedding)).ToArray(), 4096, 5, 5);

    public bool UsesCharLm => Groups.Contains(CharLm);

    public bool UsesEncoder => Groups.Contains(Embedding);

    /// <summary>Checks the groups and settings; <paramref name="encoder"/> is required with the <c>embedding</c> group, and only then.</summary>
    public static FeatureSpec Parse(string groups, int hashBuckets, int charOrder, int folds, EncoderSpec? encoder = null)
    {
        var list = groups.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var g in list.Where(g => !AllGroups.Contains(g)))
            throw new ArgumentException($"--features: unknown group '{g}'; expected some of {string.Join(", ", AllGroups)}");
        if (list.Length == 0)
            throw new ArgumentException("--features: no group given");
        if (hashBuckets < 1 || charOrder is < 1 or > 7 || folds < 2)
            throw new ArgumentException($"feature settings out of range: hash buckets {hashBuckets} (≥ 1), char order {charOrder} (1–7), cross-fit folds {folds} (≥ 2)");
        if (list.Contains(Embedding) != encoder is not null)
            throw new ArgumentException(encoder is null
                ? "--features: the embedding group needs an encoder (--encoder)"
                : "--encoder is given but --features has no embedding group");
        return new FeatureSpec(AllGroups.Where(list.Contains).ToArray(), hashBuckets, charOrder, folds, encoder);
    }

    public int Dimension => Groups.Sum(g => g switch
    {
        Hashed => HashBuckets,
        CharLm => CharLanguageModels.Names.Count,
        Embedding => Encoder?.Dimension ?? throw new InvalidOperationException("the embedding feature group needs an encoder spec"),
        _ => TextFeatures.Names[g].Length,
    });

    /// <summary>Feature names in vector order.</summary>
    public IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        foreach (var group in Groups)
        {
            if (group == Hashed)
                names.AddRange(Enumerable.Range(0, HashBuckets).Select(b => $"hashed_{b}"));
            else if (group == CharLm)
                names.AddRange(CharLanguageModels.Names);
            else if (group == Embedding)
                names.AddRange(Encoder!.Names());
            else
                names.AddRange(TextFeatures.Names[group]);
        }
        return names;
    }

    /// <summary>
    /// The feature vector of one (prompt, response). <paramref name="charFeatures"/> gives the character-LM values
    /// (cross-fitted during training, from the saved models when scoring); <paramref name="embeddingFeatures"/> the
    /// encoder's pair features (<see cref="EncoderSpec.PairFeatures"/>); each is required when the spec uses it.
    /// <paramref name="responseDeflatedSize"/> is the response's Deflate size when the run already knows it.
    /// </summary>
    public double[] Vector(string prompt, string response, double[]? charFeatures, double[]? embeddingFeatures = null, int? responseDeflatedSize = null)
    {
        var vector = new double[Dimension];
        var at = 0;
        // Every text group reads the same analysis of the row: each text is lower-cased and tokenised once.
        FeatureText? text = null;
        foreach (var group in Groups)
        {
            switch (group)
            {
                case Hashed:
                    HashedWordFeatures.Add(text ??= FeatureText.Of(prompt, response, responseDeflatedSize), vector.AsSpan(at, HashBuckets));
                    at += HashBuckets;
                    break;
                case CharLm:
                case Embedding:
                    var values = group == CharLm
                        ? charFeatures ?? throw new InvalidOperationException("the feature spec uses character LMs but none were given")
                        : embeddingFeatures ?? throw new InvalidOperationException("the feature spec uses encoder features but none were given");
                    values.CopyTo(vector, at);
                    at += values.Length;
                    break;
                default:
                    var length = TextFeatures.Names[group].Length;
                    TextFeatures.Write(group, text ??= FeatureText.Of(prompt, response, responseDeflatedSize), vector.AsSpan(at, length));
                    at += length;
                    break;
            }
        }
        return vector;
    }
}
