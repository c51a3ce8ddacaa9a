using System.Reflection;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Embedding.UseLite;
using Winnow.Scoring;
using Winnow.Scoring.Default;
using Winnow.Scoring.Dsir;
using Winnow.Scoring.Lexical;
using Winnow.Scoring.Statistical;
using Winnow.Selection;
using Winnow.Selection.Car;
using Winnow.Selection.Dsir;
using Winnow.Selection.Selectors;

namespace Winnow.Pipeline;

/// <summary>
/// Every component by its registry name: the names the CLI takes, recipes use and the docs list. Each area of
/// the library registers its own components here.
/// </summary>
public static class Catalog
{
    public const string DefaultEmbedder = "hashed-tfidf";

    public static Registry<IScorer> Scorers { get; } = BuildScorers();

    public static Registry<IEmbedder> Embedders { get; } = BuildEmbedders();

    public static Registry<ISelector> Selectors { get; } = BuildSelectors();

    /// <summary>The built-in default recipe (the same text as recipes/default.yaml, embedded at build time).</summary>
    public static Recipe DefaultRecipe()
    {
        using var stream = typeof(Catalog).Assembly.GetManifestResourceStream("Winnow.recipes.default.yaml")
            ?? throw new InvalidOperationException("the built-in default recipe is missing from the assembly");
        using var reader = new StreamReader(stream);
        return Recipe.Parse(reader.ReadToEnd(), "built-in default recipe");
    }

    /// <summary>Reads a target dataset (for DSIR) with default options; any bad row is an error naming it.</summary>
    public static IEnumerable<Sample> ReadTarget(string path)
    {
        foreach (var outcome in DatasetReader.Read(path))
            yield return outcome.Sample ?? throw new BadRowException(outcome.Error!);
    }

    private static Registry<IScorer> BuildScorers()
    {
        var registry = new Registry<IScorer>("scorer");
        DefaultQualityScorer.Register(registry);
        Scoring.Quality.QualityScorer.Register(registry);
        LexicalScorers.Register(registry);
        StatisticalScorers.Register(registry);
        DsirScorers.Register(registry, ReadTarget);
        Scoring.Neural.NeuralScorers.Register(registry);
        return registry;
    }

    private static Registry<IEmbedder> BuildEmbedders()
    {
        var registry = new Registry<IEmbedder>("embedder");
        UseLiteEmbedders.Register(registry);
        registry.Add(HashedTfidfEmbedder.RegistryName, "hashed word uni+bigram TF-IDF (2^18 buckets, pool IDF) projected to 256 dims, L2-normalised; no model", p => new HashedTfidfEmbedder(p));
        Embedding.Neural.NeuralEmbedders.Register(registry);
        return registry;
    }

    private static Registry<ISelector> BuildSelectors()
    {
        var registry = new Registry<ISelector>("selector");
        Selection.Selectors.Selectors.Register(registry);
        DsirSelectors.Register(registry);
        registry.Add(CarSelector.RegistryName, "CaR: PCA (95 % variance) + k-means (k = floor(sqrt(n/2))), global top n1 by score plus the best n2 of each cluster", p => new CarSelector(p));
        return registry;
    }
}
