namespace Winnow.Pipeline;

/// <summary>A recipe as the ordered list of steps a selection run performs, one readable line each, for logs and reports.</summary>
public static class RecipeSteps
{
    public static IReadOnlyList<string> Describe(Recipe recipe, bool dropExactDuplicates)
    {
        var steps = new List<string> { "read and validate every row" };
        if (dropExactDuplicates)
            steps.Add("set aside exact copies of an earlier row");
        if (recipe.LanguageCheck is { } share)
            steps.Add($"language check: instruction and response both more than {share:P0} ASCII letters");
        if (recipe.NearDedup is { } near)
            steps.Add($"near-duplicate removal: MinHash-LSH, Jaccard ≥ {near.Threshold}, {near.Permutations} permutations in {near.Bands} bands");
        steps.AddRange(recipe.Scorers.Select(s => "score " + Component(s)));
        if (recipe.Embedder is { } embedder)
            steps.Add("embed " + Component(embedder));
        steps.Add("select " + Component(recipe.Selector));
        steps.Add("write the selected rows, decisions and report");
        return steps;
    }

    private static string Component(ComponentSpec spec) =>
        spec.Params.Count == 0 ? spec.Name : $"{spec.Name} ({string.Join(", ", spec.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})";
}
