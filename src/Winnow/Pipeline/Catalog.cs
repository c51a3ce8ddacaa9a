using Winnow.Components;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Filters;
using Winnow.Scoring;
using Winnow.Selection;

namespace Winnow.Pipeline;

/// <summary>
/// Every component by its registry name: the names the CLI takes, recipes use and the docs list, built from the
/// components' own declarations (<see cref="Declared"/>).
/// </summary>
public static class Catalog
{
    public static Registry<IRowFilter> Filters { get; } = new("filter", Declared.OfKind("filter"));

    public static Registry<IScorer> Scorers { get; } = new("scorer", Declared.OfKind("scorer"));

    public static Registry<IEmbedder> Embedders { get; } = new("embedder", Declared.OfKind("embedder"));

    public static Registry<ISelector> Selectors { get; } = new("selector", Declared.OfKind("selector"));

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
}
